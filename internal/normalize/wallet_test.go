package normalize

import (
	"bufio"
	"github.com/bonafide-oss/bonafide/internal/shareddata"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWallet(t *testing.T) {
	tests := []struct{ raw, chain, want string }{
		// Bitcoin genesis block address (P2PKH) and the BIP 13 P2SH example.
		{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "BTC", "BTC:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"},
		{"XBT:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "BTC", "BTC:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"},
		{"btc: 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa ", "BTC", "BTC:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"},
		{"bitcoin:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa?amount=0.1", "BTC", "BTC:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"},
		{"Digital Currency Address - XBT: 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "BTC", "BTC:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"},
		{"3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "BTC", "BTC:3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"},
		// BIP 173 (bech32, v0) and BIP 350 (bech32m, v1 taproot) examples.
		{"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "BTC", "BTC:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"},
		{"bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3", "BTC", "BTC:bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3"},
		{"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "BTC", "BTC:bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"},
		// EIP-55 test vectors.
		{"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "ETH", "ETH:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"},
		{"ETH:0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "ETH", "ETH:0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359"},
		{"0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "ETH", "ETH:0xdbf03b407c01e7cd3cbea99509d93f8dddc8c6fb"},
		{"0X52908400098527886E0F7030069857D2E4169EE7", "ETH", "ETH:0x52908400098527886e0f7030069857d2e4169ee7"},
		{"0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb", "ETH", "ETH:0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb"},
		{"USDT:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "ETH", "ETH:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"},
		{"ethereum:0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359@1?value=1e18", "ETH", "ETH:0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359"},
		{"BSC:0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "ETH", "ETH:0xdbf03b407c01e7cd3cbea99509d93f8dddc8c6fb"},
		// TRON: the USDT (TRC-20) contract address.
		{"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TRX", "TRX:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"},
		{"USDT:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TRX", "TRX:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"},
		{"TRON:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TRX", "TRX:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"},
	}
	for _, tt := range tests {
		chain, got, err := Wallet(tt.raw)
		if err != nil || got != tt.want || chain != tt.chain {
			t.Errorf("Wallet(%q) = %q, %q, %v; want %q, %q", tt.raw, chain, got, err, tt.chain, tt.want)
		}
	}
}

func TestWalletErrors(t *testing.T) {
	tests := []struct{ raw, why string }{
		{"", "empty"},
		{"BTC:", "empty address"},
		{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "checksum"},
		{"1A1zP1eP5QGefi2DMPTfTL5SLmv7Divf0a", "not a base58 character"},
		{"mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn", "not a BTC, ETH or TRON"}, // testnet
		{"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "checksum"},
		{"bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "mixes upper and lower"},
		{"tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "not a BTC, ETH or TRON"},
		// BIP 173's witness v1 example uses bech32; BIP 350 requires bech32m for v1+.
		{"bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx", "checksum"},
		{"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "EIP-55"},
		{"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae", "40 hex digits"},
		{"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg", "not a hex digit"},
		{"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6T", "checksum"},
		{"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6", "34 characters"},
		{"ETH:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "labelled ETH"},
		{"TRX:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "labelled TRX"},
		{"XMR:44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A", "unsupported chain"},
		{"LTC:LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9", "unsupported chain"},
		{"hello", "not a BTC, ETH or TRON"},
	}
	for _, tt := range tests {
		_, _, err := Wallet(tt.raw)
		if err == nil || !strings.Contains(err.Error(), tt.why) {
			t.Errorf("Wallet(%q) error = %v; want one containing %q", tt.raw, err, tt.why)
		}
	}
}

// TestWalletOFAC normalises every digital-currency address of the OFAC SDN issue in the
// shared reference data: all must be recognised, with the chain their list names.
func TestWalletOFAC(t *testing.T) {
	dir := shareddata.Path(t, "sanctions/ofac")
	lists := map[string]string{
		"sanctioned_addresses_XBT.txt":  "BTC",
		"sanctioned_addresses_ETH.txt":  "ETH",
		"sanctioned_addresses_TRX.txt":  "TRX",
		"sanctioned_addresses_USDT.txt": "", // ETH or TRON
	}
	total := 0
	for file, wantChain := range lists {
		path := filepath.Join(dir, file)
		f, err := os.Open(path)
		if err != nil {
			shareddata.Missing(t, path)
			continue
		}
		sc := bufio.NewScanner(f)
		label := strings.TrimSuffix(strings.TrimPrefix(file, "sanctioned_addresses_"), ".txt")
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" {
				continue
			}
			total++
			chain, canon, err := Wallet(label + ":" + line)
			if err != nil && strings.Contains(err.Error(), "labelled") {
				// The list files a few addresses under the wrong chain (a TRON "T…" address
				// under XBT): the bare address must still be recognised.
				if _, _, err2 := Wallet(line); err2 != nil {
					t.Errorf("%s: %s: %v", file, line, err2)
				}
				t.Logf("%s: %s: %v", file, line, err)
				continue
			}
			if err != nil {
				t.Errorf("%s: %v", file, err)
				continue
			}
			if wantChain != "" && chain != wantChain {
				t.Errorf("%s: %s is %s", file, line, chain)
			}
			if _, again, err := Wallet(line); err != nil || again != canon {
				t.Errorf("%s: bare %s = %q, %v; labelled %q", file, line, again, err, canon)
			}
		}
		f.Close()
	}
	if total < 500 {
		t.Errorf("read only %d OFAC addresses", total)
	}
}
