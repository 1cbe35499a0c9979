package ipinfo

// Embedded defaults, used when the reference files are missing. They are compiled from public
// facts (the ASN each operator announces its networks from, as published in the RIR/PeeringDB
// records and confirmed against the AS organisation names in the DB-IP/RouteViews ASN table,
// @ip-location-db/asn 2.3.2026061719). Without the IP→ASN table these ASN lists cannot be used
// for a bare address: Status.Lacks says so.

// defaultHostingASNs are well-known hosting / cloud / datacenter networks (Hosting=true).
var defaultHostingASNs = map[uint32]string{
	9009:   "M247",                  // M247 Europe SRL; also resold to many VPN brands
	60068:  "Datacamp/CDN77",        // Datacamp Limited (CDN77)
	14061:  "DigitalOcean",          // DigitalOcean, LLC
	16276:  "OVH",                   // OVH SAS
	24940:  "Hetzner",               // Hetzner Online GmbH
	16509:  "AWS",                   // Amazon.com, Inc. (EC2)
	14618:  "AWS",                   // Amazon.com, Inc. (us-east-1)
	63949:  "Linode/Akamai",         // Linode, now Akamai Technologies
	20473:  "Choopa/Vultr",          // The Constant Company (Choopa), Vultr
	396982: "Google Cloud",          // Google LLC (GCP)
	60781:  "LeaseWeb",              // LeaseWeb Netherlands B.V.
	51167:  "Contabo",               // Contabo GmbH
	31898:  "Oracle Cloud",          // Oracle Corporation
	45102:  "Alibaba Cloud",         // Alibaba (US) Technology Co., Ltd.
	45090:  "Tencent Cloud",         // Tencent cloud computing (also in X4BNet list)
	212238: "Datacamp/CDN77",        // Datacamp Limited (X4BNet vpn ASN list)
	3223:   "Voxility",              // VOXILITY (X4BNet datacenter ASN list)
	8100:   "QuadraNet",             // QuadraNet Enterprises LLC
	36352:  "ColoCrossing/HostPapa", // ColoCrossing
	53667:  "FranTech/BuyVM",        // FranTech Solutions
	46606:  "Unified Layer",         // Unified Layer (Bluehost)
	13335:  "Cloudflare",            // Cloudflare, Inc. (WARP egress also uses it)
}

// defaultVPNASNs are networks run by (or dedicated to) commercial VPN providers (VPN=true,
// VPNProvider=label). Source: X4BNet/lists_vpn input/vpn/ASN.txt and the ASN records.
var defaultVPNASNs = map[uint32]string{
	9009:   "M247 (NordVPN, others)", // X4BNet: "M247, GB (NordVPN)"
	209854: "Surfshark",              // X4BNet: Surfshark (Cyberzone S.A.)
	136787: "NordVPN",                // X4BNet: NordVPN (TEFINCOM S.A.) / PacketHub S.A.
	207137: "NordVPN",                // X4BNet: Packethub (NordVPN)
	212238: "Datacamp VPN",           // X4BNet: Datacamp VPN
	50525:  "PrivadoVPN",             // X4BNet: Privado VPN
	60729:  "Tor exit",               // X4BNet: Tor Servers (Tor exit nodes)
	208172: "ProtonVPN",              // X4BNet: ProtonVPN
	62371:  "ProtonVPN",              // Proton AG
	39351:  "Mullvad",                // 31173 Services AB, Mullvad VPN's operator
}

// orgPattern recognises a VPN operator by a whole word (or word sequence) of its AS
// organisation name, for operators without public range lists.
type orgPattern struct {
	words    []string // lower-case words that must appear consecutively as whole words
	provider string
}

// vpnOrgPatterns: Astrill (no public exit-range list exists; Astrill Systems Corp. is the
// operator; MAND24 names Astrill VPN as the DPRK IT workers' most used VPN), Mullvad (31173 Services AB / Mullvad VPN AB), Proton (Proton AG), Surfshark,
// NordVPN's operators (Tefincom, PacketHub), Private Internet Access, ExpressVPN, Windscribe.
// Whole-word matching avoids e.g. "ALLASTRILLA ENTERPRISES" matching "astrill".
var vpnOrgPatterns = []orgPattern{
	{[]string{"astrill"}, "Astrill"},
	{[]string{"31173", "services"}, "Mullvad"},
	{[]string{"mullvad"}, "Mullvad"},
	{[]string{"proton", "ag"}, "ProtonVPN"},
	{[]string{"surfshark"}, "Surfshark"},
	{[]string{"tefincom"}, "NordVPN"},
	{[]string{"packethub"}, "NordVPN"},
	{[]string{"private", "internet", "access"}, "PIA"},
	{[]string{"expressvpn"}, "ExpressVPN"},
	{[]string{"windscribe"}, "Windscribe"},
}
