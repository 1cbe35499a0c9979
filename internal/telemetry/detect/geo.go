package detect

import "math"

// centroids holds approximate geographic centres (latitude, longitude in degrees) of
// countries, by ISO 3166-1 alpha-2 code, rounded to a degree or so. They were compiled by
// hand from public reference facts (each country's commonly cited geographic centre) for the
// impossible-travel check, which only needs distances good to a few hundred kilometres.
// A country missing here is skipped by that check.
var centroids = map[string][2]float64{
	"AE": {24, 54}, "AF": {33, 66}, "AL": {41, 20}, "AM": {40, 45}, "AO": {-12, 18}, "AR": {-34, -64},
	"AT": {47.5, 14.5}, "AU": {-25, 134}, "AZ": {40.5, 47.5}, "BA": {44, 18}, "BD": {24, 90},
	"BE": {50.8, 4.5}, "BG": {42.7, 25.5}, "BH": {26, 50.5}, "BO": {-17, -65}, "BR": {-10, -53},
	"BY": {53.5, 28}, "CA": {60, -96}, "CH": {46.8, 8.2}, "CL": {-30, -71}, "CN": {35, 103},
	"CO": {4, -73}, "CR": {10, -84}, "CY": {35, 33}, "CZ": {49.8, 15.5}, "DE": {51, 10},
	"DK": {56, 10}, "DO": {19, -70.5}, "DZ": {28, 3}, "EC": {-1.5, -78}, "EE": {58.7, 25.5},
	"EG": {27, 30}, "ES": {40, -4}, "ET": {8.6, 39.6}, "FI": {64, 26}, "FR": {46.5, 2.5},
	"GB": {54, -2.5}, "GE": {42, 43.5}, "GH": {8, -1}, "GR": {39, 22}, "GT": {15.5, -90.3},
	"HK": {22.3, 114.2}, "HN": {15, -86.5}, "HR": {45.2, 15.5}, "HU": {47, 19.5}, "ID": {-2.5, 118},
	"IE": {53.2, -8}, "IL": {31.5, 35}, "IN": {22, 79}, "IQ": {33, 44}, "IR": {32.5, 54},
	"IS": {65, -18.5}, "IT": {42.8, 12.5}, "JM": {18.1, -77.3}, "JO": {31, 36.5}, "JP": {36.5, 138},
	"KE": {0.5, 38}, "KG": {41.5, 75}, "KH": {12.5, 105}, "KP": {40.3, 127.4}, "KR": {36.5, 127.8},
	"KW": {29.3, 47.6}, "KZ": {48, 67}, "LA": {18, 103}, "LB": {33.9, 35.9}, "LK": {7.8, 80.7},
	"LT": {55.2, 23.9}, "LU": {49.8, 6.1}, "LV": {56.9, 24.6}, "MA": {31.8, -7}, "MD": {47.2, 28.5},
	"ME": {42.8, 19.3}, "MK": {41.6, 21.7}, "MM": {21, 96}, "MN": {46.8, 103}, "MO": {22.2, 113.5},
	"MT": {35.9, 14.4}, "MX": {23.6, -102.5}, "MY": {4, 109.5}, "NG": {9, 8}, "NI": {12.9, -85.2},
	"NL": {52.2, 5.5}, "NO": {64.5, 12}, "NP": {28.4, 84.1}, "NZ": {-41.8, 172.8}, "OM": {21, 57},
	"PA": {8.5, -80}, "PE": {-9.2, -75}, "PH": {12.9, 122}, "PK": {30, 70}, "PL": {52, 19.4},
	"PR": {18.2, -66.5}, "PT": {39.6, -8}, "PY": {-23.4, -58.4}, "QA": {25.3, 51.2}, "RO": {45.9, 25},
	"RS": {44, 20.9}, "RU": {61.5, 105}, "SA": {24, 45}, "SE": {62, 15}, "SG": {1.35, 103.8},
	"SI": {46.1, 14.8}, "SK": {48.7, 19.7}, "SV": {13.8, -88.9}, "SY": {35, 38.5}, "TH": {15.8, 101},
	"TJ": {38.9, 71.3}, "TM": {39, 59.5}, "TN": {34, 9.5}, "TR": {39, 35}, "TW": {23.7, 121},
	"TZ": {-6.4, 34.9}, "UA": {49, 31.5}, "UG": {1.4, 32.3}, "US": {39.8, -98.6}, "UY": {-32.8, -56},
	"UZ": {41.4, 64.6}, "VE": {7, -66}, "VN": {16, 107.8}, "YE": {15.6, 48}, "ZA": {-29, 24.7},
	"ZW": {-19, 29.8},
}

// radiusKm is the radius of a circle with a large country's land area (√(area/π), areas from
// public reference facts, rounded): the distance from its centroid to where its people may
// actually be. A sign-in from the US east coast is 1,500 km from the US centroid in Kansas.
// Countries not listed count as defaultRadiusKm.
var radiusKm = map[string]float64{
	"RU": 2300, "CA": 1780, "US": 1770, "CN": 1750, "BR": 1650, "AU": 1570, "IN": 1020,
	"AR": 940, "KZ": 930, "DZ": 870, "SA": 830, "MX": 790, "ID": 780, "LY": 750, "IR": 720,
	"MN": 700, "PE": 640, "ZA": 620, "CO": 600, "EG": 560, "TR": 500, "CL": 490, "UA": 440,
	"FR": 420, "ES": 400, "SE": 380, "JP": 350, "DE": 340, "NO": 320, "FI": 330, "PL": 300,
	"IT": 310, "GB": 280, "NZ": 290, "PH": 310, "VN": 320, "MY": 320, "TH": 400, "PK": 530,
}

// defaultRadiusKm is radiusKm for smaller countries.
const defaultRadiusKm = 150

// minDistanceKm is the least plausible distance between sign-ins from two countries: the
// centroid distance less both countries' radii (never below 0). Impossible travel is judged on
// it, so a red-eye from New York to Paris (≈ 5,800 km in ≈ 6–7 h) is not flagged because the
// US centroid lies 2,000 km further west.
func minDistanceKm(a, b string) (km float64, ok bool) {
	d, ok := distanceKm(a, b)
	if !ok {
		return 0, false
	}
	ra, rb := radiusKm[a], radiusKm[b]
	if ra == 0 {
		ra = defaultRadiusKm
	}
	if rb == 0 {
		rb = defaultRadiusKm
	}
	return max(0, d-ra-rb), true
}

// distanceKm is the great-circle (haversine) distance in kilometres between two countries'
// centroids; ok is false when either is not in the table.
func distanceKm(a, b string) (km float64, ok bool) {
	pa, ok1 := centroids[a]
	pb, ok2 := centroids[b]
	if !ok1 || !ok2 {
		return 0, false
	}
	const r = 6371.0
	rad := math.Pi / 180
	dlat := (pb[0] - pa[0]) * rad
	dlon := (pb[1] - pa[1]) * rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(pa[0]*rad)*math.Cos(pb[0]*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(h))), true
}
