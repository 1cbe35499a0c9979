package link

import (
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// keyKind is the kind of a blocking key.
type keyKind uint8

// Blocking key kinds. Exact identifiers are keyed by their canonical value; the two fuzzy
// kinds by the phonetic name key plus a second key, so a common name alone never forms a block.
const (
	kkEmail keyKind = iota + 1
	kkPhone
	kkIBAN
	kkWallet
	kkDevice
	kkURL
	kkAddress
	kkIP
	kkNameDOB      // PhoneticKey + full birth date
	kkNamePostcode // PhoneticKey + country and postcode of a home address
)

// role is how a person holds a key.
type role uint8

const (
	roleOwn      role = iota // their own identifier
	roleHome                 // an address they live at (home, or any purpose but shipping)
	roleShipping             // an address they ship to that is not their own home
	roleReferee              // a referee's e-mail or phone they list
)

// rawKey is one key of one person before interning. Its value is not copied: src says where
// in the person it comes from (keyValue), since only values shared by two people are kept.
type rawKey struct {
	h    uint64
	src  uint16
	kind keyKind
	role role
}

// Sources of a key's value (rawKey.src): the top two bits say which part of the person, the
// rest which element.
const (
	srcOwn      = 0 << 14 // p.Identifiers[i], i < 2^14
	srcReferee  = 1 << 14 // p.References[r].Identifiers[i], r < 2^8, i < 2^6
	srcBirth    = 2 << 14 // p.BirthDate
	srcPostcode = 3 << 14 // postcode of p.Identifiers[i]
	srcIndex    = 1<<14 - 1
)

// keyValue returns the value of key k of p: the canonical identifier, the birth date, or the
// "CC|postcode" of a home address.
func keyValue(p *bonafide.Person, k *rawKey) string {
	i := int(k.src & srcIndex)
	switch k.src &^ srcIndex {
	case srcOwn:
		return p.Identifiers[i].Value
	case srcReferee:
		return p.References[i>>6].Identifiers[i&63].Value
	case srcBirth:
		return birthDate(p.BirthDate)
	}
	return postcodeOf(p.Identifiers[i].Value)
}

// personKeys is the blocking material of one person.
type personKeys struct {
	keys  []rawKey
	nameH uint64 // hash of NameKey; 0 when the name is empty
}

func identKind(k bonafide.IdentifierKind) keyKind {
	switch k {
	case bonafide.KindEmail:
		return kkEmail
	case bonafide.KindPhone:
		return kkPhone
	case bonafide.KindIBAN:
		return kkIBAN
	case bonafide.KindWallet:
		return kkWallet
	case bonafide.KindDevice:
		return kkDevice
	case bonafide.KindURL:
		return kkURL
	case bonafide.KindAddress:
		return kkAddress
	case bonafide.KindIP:
		return kkIP
	}
	return 0
}

// extractKeys computes p's blocking keys into dst (reset first): one per distinct canonical
// identifier (identifiers with an empty Value are unusable and skipped), the e-mail and phone
// of every referee, the name + birth-date key and one name + postcode key per home postcode.
// A value held in two roles keeps the stronger one for the person: own over referee, home
// over shipping (an address one ships to that is also one's home is one's home).
func extractKeys(p *bonafide.Person, dst *personKeys, buf []byte) []byte {
	dst.keys = dst.keys[:0]
	add := func(k keyKind, r role, val string, src uint16) {
		h := keyHash(k, hashString(val))
		for i := range dst.keys {
			if dst.keys[i].h == h {
				if better(r, dst.keys[i].role) {
					dst.keys[i].role = r
				}
				return
			}
		}
		dst.keys = append(dst.keys, rawKey{h: h, src: src, kind: k, role: r})
	}
	for i := range p.Identifiers[:min(len(p.Identifiers), srcIndex+1)] {
		id := &p.Identifiers[i]
		if id.Value == "" {
			continue
		}
		k := identKind(id.Kind)
		if k == 0 {
			continue
		}
		r := roleOwn
		if k == kkAddress {
			r = roleHome
			if id.Purpose == bonafide.PurposeShipping {
				r = roleShipping
			}
		}
		add(k, r, id.Value, srcOwn|uint16(i))
	}
	for ri := range p.References[:min(len(p.References), 256)] {
		for i := range p.References[ri].Identifiers[:min(len(p.References[ri].Identifiers), 64)] {
			id := &p.References[ri].Identifiers[i]
			if id.Value == "" || (id.Kind != bonafide.KindEmail && id.Kind != bonafide.KindPhone) {
				continue
			}
			add(identKind(id.Kind), roleReferee, id.Value, srcReferee|uint16(ri<<6|i))
		}
	}
	var phonH uint64
	var ntok int
	dst.nameH, phonH, ntok, buf = nameHashes(p.Name, buf)
	if ntok >= 2 {
		if d := birthDate(p.BirthDate); d != "" {
			dst.keys = append(dst.keys, rawKey{h: keyHash(kkNameDOB, mix64(phonH^hashString(d))), src: srcBirth, kind: kkNameDOB})
		}
		for _, k := range dst.keys {
			if k.kind != kkAddress || k.role != roleHome {
				continue
			}
			if pc := postcodeOf(p.Identifiers[k.src&srcIndex].Value); pc != "" {
				h := keyHash(kkNamePostcode, mix64(phonH^hashString(pc)))
				dup := false
				for _, o := range dst.keys {
					dup = dup || o.h == h
				}
				if !dup {
					dst.keys = append(dst.keys, rawKey{h: h, src: srcPostcode | k.src&srcIndex, kind: kkNamePostcode})
				}
			}
		}
	}
	return buf
}

// better reports whether role a beats role b for the same value held by one person.
func better(a, b role) bool {
	rank := func(r role) int {
		switch r {
		case roleOwn, roleHome:
			return 2
		case roleShipping:
			return 1
		}
		return 0
	}
	return rank(a) > rank(b)
}

// birthDate returns s when it is a full date "YYYY-MM-DD" (a year alone is too weak a second
// key), else "".
func birthDate(s string) string {
	s = strings.TrimSpace(s)
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return ""
	}
	for i := 0; i < 10; i++ {
		if i != 4 && i != 7 && (s[i] < '0' || s[i] > '9') {
			return ""
		}
	}
	if s[5:7] < "01" || s[5:7] > "12" || s[8:10] < "01" || s[8:10] > "31" {
		return ""
	}
	return s
}

// postcodeOf returns "CC|postcode" of a canonical address "CC|postcode|tokens", or "" when the
// postcode is unknown.
func postcodeOf(addr string) string {
	i := strings.IndexByte(addr, '|')
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(addr[i+1:], '|')
	if j <= 0 {
		return ""
	}
	return addr[:i+1+j]
}
