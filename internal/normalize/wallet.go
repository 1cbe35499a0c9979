package normalize

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/sha3"
)

// Wallet chains.
const (
	ChainBTC = "BTC"
	ChainETH = "ETH"
	ChainTRX = "TRX"
)

// chainLabels maps chain or token labels (OFAC "Digital Currency Address - XXX" suffixes,
// URI schemes, token standards) to the chain whose address format they use. "" means "infer
// from the address": USDT and USDC live on Ethereum and on TRON. EVM networks (BSC, Arbitrum,
// Polygon) share Ethereum's address space: one key controls the same 0x address on all of
// them, so they canonicalise to ETH.
var chainLabels = map[string]string{
	"BTC": ChainBTC, "XBT": ChainBTC, "BITCOIN": ChainBTC,
	"ETH": ChainETH, "ETHEREUM": ChainETH, "ERC20": ChainETH, "ERC-20": ChainETH,
	"BSC": ChainETH, "BEP20": ChainETH, "BEP-20": ChainETH, "ARB": ChainETH, "ARBITRUM": ChainETH,
	"MATIC": ChainETH, "POLYGON": ChainETH,
	"TRX": ChainTRX, "TRON": ChainTRX, "TRC20": ChainTRX, "TRC-20": ChainTRX,
	"USDT": "", "USDC": "",
}

// errWallet wraps every Wallet error.
var errWallet = errors.New("invalid wallet address")

// Wallet recognises a crypto-currency address and returns its chain ("BTC", "ETH", "TRX") and
// canonical form ("BTC:1A1z…", "ETH:0x…" in lower case, "TRX:T…").
//
// Input is a bare address or "LABEL:address", where LABEL is a chain (BTC, XBT — OFAC's label
// for bitcoin —, ETH, TRX, TRON), a token (USDT, USDC: chain inferred from the address) or a
// URI scheme (bitcoin:, ethereum:, tron:; query and EIP-681 suffixes are dropped). Formats and
// checks:
//   - BTC base58check P2PKH "1…" (version 0x00) and P2SH "3…" (0x05): double-SHA-256
//     checksum verified; case kept.
//   - BTC segwit "bc1…": BIP 173 bech32 (witness v0) or BIP 350 bech32m (v1+) checksum and
//     program length verified; canonical lower case.
//   - ETH "0x" + 40 hex digits: when the letters are mixed case the EIP-55 checksum
//     (Keccak-256 of the lower-case hex) is verified; canonical lower case.
//   - TRON "T…" base58check, 34 characters, version 0x41, checksum verified; case kept.
//
// Testnet addresses, other chains (XMR, LTC, …) and a label that contradicts the address are
// errors that say so.
func Wallet(raw string) (chain, canonical string, err error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", "", fmt.Errorf("%w: empty", errWallet)
	}
	if len(s) > 200 {
		return "", "", fmt.Errorf("%w: longer than 200 bytes", errWallet)
	}
	want, labelled := "", false
	if i := strings.IndexByte(s, ':'); i >= 0 {
		label := strings.ToUpper(strings.TrimSpace(s[:i]))
		if j := strings.LastIndex(label, " - "); j >= 0 { // "Digital Currency Address - XBT"
			label = strings.TrimSpace(label[j+3:])
		}
		c, ok := chainLabels[label]
		if !ok {
			return "", "", fmt.Errorf("%w: unsupported chain %q", errWallet, label)
		}
		want, labelled = c, true
		s = strings.TrimSpace(s[i+1:])
		s = strings.TrimPrefix(strings.TrimPrefix(s, "//"), "pay-")
		if k := strings.IndexAny(s, "?@/"); k >= 0 {
			s = s[:k]
		}
	}
	if s == "" {
		return "", "", fmt.Errorf("%w: empty address", errWallet)
	}
	var got, addr string
	switch {
	case len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'):
		got = ChainETH
		addr, err = ethAddress(s)
	case len(s) >= 3 && strings.EqualFold(s[:3], "bc1"):
		got = ChainBTC
		addr, err = segwitAddress(s)
	case s[0] == '1' || s[0] == '3':
		got = ChainBTC
		addr, err = base58Address(s, 0x00, 0x05)
	case s[0] == 'T':
		got = ChainTRX
		if len(s) != 34 {
			err = fmt.Errorf("%w: TRON addresses have 34 characters, this has %d", errWallet, len(s))
		} else {
			addr, err = base58Address(s, 0x41, 0x41)
		}
	default:
		return "", "", fmt.Errorf("%w: %q is not a BTC, ETH or TRON address", errWallet, s)
	}
	if labelled && want != "" && want != got {
		return "", "", fmt.Errorf("%w: labelled %s but the address has the %s format", errWallet, want, got)
	}
	if err != nil {
		return "", "", err
	}
	return got, got + ":" + addr, nil
}

// ethAddress checks "0x" + 40 hex digits and the EIP-55 checksum of mixed-case input.
func ethAddress(s string) (string, error) {
	h := s[2:]
	if len(h) != 40 {
		return "", fmt.Errorf("%w: Ethereum addresses have 40 hex digits after 0x, this has %d", errWallet, len(h))
	}
	var lower [40]byte
	hasUpper, hasLower := false, false
	for i := 0; i < 40; i++ {
		c := h[i]
		switch {
		case '0' <= c && c <= '9':
		case 'a' <= c && c <= 'f':
			hasLower = true
		case 'A' <= c && c <= 'F':
			hasUpper = true
			c += 'a' - 'A'
		default:
			return "", fmt.Errorf("%w: %q is not a hex digit", errWallet, rune(h[i]))
		}
		lower[i] = c
	}
	if hasUpper && hasLower {
		k := sha3.NewLegacyKeccak256()
		k.Write(lower[:])
		sum := k.Sum(nil)
		for i := 0; i < 40; i++ {
			if lower[i] < 'a' {
				continue
			}
			nib := sum[i/2] >> 4
			if i%2 == 1 {
				nib = sum[i/2] & 0x0f
			}
			if (nib >= 8) != (h[i] <= 'Z') {
				return "", fmt.Errorf("%w: EIP-55 mixed-case checksum does not match", errWallet)
			}
		}
	}
	return "0x" + string(lower[:]), nil
}

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

var base58Index = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(base58Alphabet); i++ {
		t[base58Alphabet[i]] = int8(i)
	}
	return t
}()

// base58Address decodes a 25-byte base58check payload (version, 20-byte hash, 4-byte
// checksum) and checks its version byte (one of v1, v2) and double-SHA-256 checksum.
func base58Address(s string, v1, v2 byte) (string, error) {
	if len(s) < 25 || len(s) > 35 {
		return "", fmt.Errorf("%w: base58 address of %d characters", errWallet, len(s))
	}
	var out [25]byte
	for i := 0; i < len(s); i++ {
		d := base58Index[s[i]]
		if d < 0 {
			return "", fmt.Errorf("%w: %q is not a base58 character", errWallet, rune(s[i]))
		}
		carry := int(d)
		for j := len(out) - 1; j >= 0; j-- {
			carry += int(out[j]) * 58
			out[j] = byte(carry)
			carry >>= 8
		}
		if carry != 0 {
			return "", fmt.Errorf("%w: base58 payload longer than 25 bytes", errWallet)
		}
	}
	// Leading '1's encode leading zero bytes; the count must match the decoded value.
	ones := 0
	for ones < len(s) && s[ones] == '1' {
		ones++
	}
	zeros := 0
	for zeros < len(out) && out[zeros] == 0 {
		zeros++
	}
	if ones != zeros {
		return "", fmt.Errorf("%w: base58 length does not match its payload", errWallet)
	}
	if out[0] != v1 && out[0] != v2 {
		return "", fmt.Errorf("%w: version byte 0x%02x is not a mainnet address", errWallet, out[0])
	}
	h1 := sha256.Sum256(out[:21])
	h2 := sha256.Sum256(h1[:])
	if !bytes.Equal(h2[:4], out[21:]) {
		return "", fmt.Errorf("%w: base58check checksum does not match", errWallet)
	}
	return s, nil
}

const bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

var bech32Index = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(bech32Charset); i++ {
		t[bech32Charset[i]] = int8(i)
	}
	return t
}()

// bech32 checksum constants: BIP 173 (bech32) and BIP 350 (bech32m).
const (
	bech32Const  = 1
	bech32mConst = 0x2bc830a3
)

func bech32Polymod(values []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		b := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := 0; i < 5; i++ {
			if (b>>i)&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk
}

// segwitAddress checks a mainnet ("bc") segwit address per BIP 173 / BIP 350 and returns it
// in lower case.
func segwitAddress(s string) (string, error) {
	if len(s) > 90 {
		return "", fmt.Errorf("%w: bech32 address longer than 90 characters", errWallet)
	}
	lower := strings.ToLower(s)
	if lower != s && strings.ToUpper(s) != s {
		return "", fmt.Errorf("%w: bech32 address mixes upper and lower case", errWallet)
	}
	sep := strings.LastIndexByte(lower, '1')
	if lower[:sep] != "bc" {
		return "", fmt.Errorf("%w: bech32 prefix %q is not bitcoin mainnet", errWallet, lower[:sep])
	}
	data := lower[sep+1:]
	if len(data) < 6+1 {
		return "", fmt.Errorf("%w: bech32 data too short", errWallet)
	}
	values := make([]byte, 0, 5+len(data))
	values = append(values, 'b'>>5, 'c'>>5, 0, 'b'&31, 'c'&31) // HRP expansion of "bc"
	for i := 0; i < len(data); i++ {
		d := bech32Index[data[i]]
		if d < 0 {
			return "", fmt.Errorf("%w: %q is not a bech32 character", errWallet, rune(data[i]))
		}
		values = append(values, byte(d))
	}
	pm := bech32Polymod(values)
	payload := values[5 : len(values)-6]
	ver := payload[0]
	if ver > 16 {
		return "", fmt.Errorf("%w: witness version %d", errWallet, ver)
	}
	want := uint32(bech32Const)
	if ver > 0 {
		want = bech32mConst
	}
	if pm != want {
		return "", fmt.Errorf("%w: bech32 checksum does not match", errWallet)
	}
	// Convert the 5-bit program to bytes (no padding allowed beyond 4 zero bits).
	acc, bits, n := uint32(0), uint(0), 0
	for _, v := range payload[1:] {
		acc = acc<<5 | uint32(v)
		bits += 5
		if bits >= 8 {
			bits -= 8
			n++
		}
	}
	if bits >= 5 || acc&(1<<bits-1) != 0 {
		return "", fmt.Errorf("%w: bech32 padding is invalid", errWallet)
	}
	if n < 2 || n > 40 || (ver == 0 && n != 20 && n != 32) {
		return "", fmt.Errorf("%w: witness v%d program of %d bytes", errWallet, ver, n)
	}
	return lower, nil
}
