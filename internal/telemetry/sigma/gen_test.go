package sigma

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// genRuleTexts returns n realistic rule variants: process-name lists, command-line contains,
// CIDR on sign-in source addresses, regular expressions, DNS suffixes, user agents.
func genRuleTexts(n int) []string {
	tools := []string{"AnyDesk", "TeamViewer", "rustdesk", "remoting_host", "ScreenConnect.ClientService",
		"SRService", "AteraAgent", "LogMeIn", "rutserv", "Supremo", "dwrcs", "NinjaRMMAgent",
		"ZohoMeeting", "GoToAssist", "RemotePCService", "tvnserver", "winvnc", "mstsc", "ngrok", "frpc"}
	words := []string{"-connect", "--remote", "/silent", "--install", "relay", "-tunnel", "http://", "Invoke-WebRequest", "-enc", "vnc://"}
	cidrs := []string{"203.0.113.0/24", "198.51.100.0/24", "192.0.2.0/25", "2001:db8::/32", "45.83.0.0/16", "185.220.0.0/16", "104.28.0.0/16", "5.62.0.0/17"}
	domains := []string{"anydesk.com", "teamviewer.com", "ngrok.io", "trycloudflare.com", "duckdns.org", "rustdesk.com", "screenconnect.com", "splashtop.com", "zoho.com", "logmein.com"}
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		var det, ls string
		switch i % 6 {
		case 0: // process-name list
			var vs []string
			for j := 0; j < 6; j++ {
				vs = append(vs, fmt.Sprintf("            - '\\%s%d.exe'", tools[(i+j)%len(tools)], j%3))
			}
			ls = "    category: process_creation\n    product: windows\n"
			det = "    selection:\n        Image|endswith:\n" + strings.Join(vs, "\n") + "\n    filter:\n        ParentImage|endswith: '\\explorer.exe'\n    condition: selection and not filter\n"
		case 1: // command-line contains all
			ls = "    category: process_creation\n    product: windows\n"
			det = fmt.Sprintf("    selection:\n        CommandLine|contains|all:\n            - '%s'\n            - '%s'\n    selection_img:\n        Image|endswith: '\\%s.exe'\n    condition: all of selection*\n",
				words[i%len(words)], words[(i+3)%len(words)], tools[i%len(tools)])
		case 2: // CIDR on sign-ins
			ls = "    product: azure\n    service: signinlogs\n"
			det = fmt.Sprintf("    selection:\n        source.ip|cidr:\n            - '%s'\n            - '%s'\n    failed:\n        event.outcome: failure\n    condition: selection and not failed\n",
				cidrs[i%len(cidrs)], cidrs[(i+1)%len(cidrs)])
		case 3: // regex on the command line
			ls = "    category: process_creation\n"
			det = fmt.Sprintf("    selection:\n        CommandLine|re: '(?i)%s\\s+(--|/)[a-z]+'\n    condition: selection\n", tools[i%len(tools)])
		case 4: // DNS suffix
			ls = "    category: dns_query\n"
			det = fmt.Sprintf("    selection:\n        QueryName|endswith:\n            - '.%s'\n            - '%s'\n    condition: 1 of them\n",
				domains[i%len(domains)], domains[(i+4)%len(domains)])
		default: // user agent wildcard + country
			ls = "    category: authentication\n"
			det = fmt.Sprintf("    selection:\n        user_agent.original: '*%s*'\n        source.geo.country_iso_code:\n            - 'KP'\n            - 'CN'\n            - 'RU'\n    condition: selection\n", []string{"curl/", "python-requests", "Go-http-client", "okhttp"}[i%4])
		}
		out = append(out, fmt.Sprintf("title: generated %d\nid: 00000000-0000-4000-8000-%012d\nstatus: test\nlogsource:\n%sdetection:\n%slevel: low\n", i, i, ls, det))
	}
	return out
}

// benchRules returns the builtin rules plus generated variants, n in all.
func benchRules(tb testing.TB, n int) []*Rule {
	tb.Helper()
	rules, err := BuiltinRules()
	if err != nil {
		tb.Fatal(err)
	}
	for i, txt := range genRuleTexts(n - len(rules)) {
		r, err := Parse([]byte(txt), fmt.Sprintf("gen%d.yml", i))
		if err != nil {
			tb.Fatalf("generated rule %d: %v\n%s", i, err, txt)
		}
		rules = append(rules, r)
	}
	return rules
}

var (
	genNames = []string{"chrome.exe", "AnyDesk.exe", "ANYDESK.EXE", "svchost.exe", "Teams.exe", "rustdesk.exe", "MouseJiggle.exe",
		"explorer.exe", "Caffeine", "caffeinate", "anydesk", "code", "remoting_host.exe", "ſvchost.exe", "\u212aEYS.exe", "İstanbul.exe", "a\xffb.exe"}
	genDirs = []string{`C:\Program Files (x86)\AnyDesk\`, `C:\Windows\System32\`, `C:\Users\jdoe\AppData\Local\`, "/Applications/AnyDesk.app/Contents/MacOS/", "/usr/bin/", ""}
	genCmd  = []string{"", "AnyDesk.exe --remote -connect 123", "powershell -enc SQBFAFgA", "rustdesk --install /silent", "code --remote relay", "curl http://x", "TeamViewer.exe  --silent"}
	genDom  = []string{"", "boot.net.anydesk.com", "anydesk.com", "notanydesk.com", "router15.teamviewer.com", "pikvm.local", "www.example.com", "ngrok.io", "a.ngrok.io", "remotedesktop-pa.googleapis.com"}
	genUA   = []string{"", "Mozilla/5.0 (X11; Linux aarch64) PiKVM", "curl/8.5.0", "python-requests/2.31", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"}
	genHost = []string{"", "LAPTOP-7F3K2", "pikvm", "tinypilot-01", "mbp-jdoe"}
	genPkg  = []string{"", "AnyDesk", "Google Chrome", "Chrome Remote Desktop Host", "Caffeine", "Caffeine 1.1.3", "Mouse Jiggler 2.0", "Microsoft Teams"}
	genDev  = []string{"", "PiKVM", "tinypilot", "Logitech", "USB Mouse Jiggler", "Linux Foundation"}
	genIPs  = []string{"", "203.0.113.7", "198.51.100.200", "192.0.2.200", "2001:db8::1", "45.83.12.1", "8.8.8.8", "::ffff:203.0.113.9", "185.220.101.4"}
	genCats = []bonafide.EventCategory{bonafide.CategoryProcess, bonafide.CategoryProcess, bonafide.CategoryNetwork, bonafide.CategoryAuthentication,
		bonafide.CategoryPackage, bonafide.CategoryDevice, bonafide.CategorySession, ""}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// genEvents returns n events of mixed categories, deterministic for a seed.
func genEvents(n int, seed uint64) []*bonafide.Event {
	r := rand.New(rand.NewPCG(seed, 7))
	out := make([]*bonafide.Event, n)
	for i := range out {
		e := &bonafide.Event{Category: pick(r, genCats), Source: pick(r, []string{"sysmon", "osquery", "entra", "okta"})}
		switch e.Category {
		case bonafide.CategoryProcess:
			e.ProcessName = pick(r, genNames)
			e.ProcessPath = pick(r, genDirs) + e.ProcessName
			e.ProcessCommandLine = pick(r, genCmd)
			e.ParentName = pick(r, []string{"explorer.exe", "services.exe", "cmd.exe", ""})
		case bonafide.CategoryNetwork:
			e.DestinationDomain = pick(r, genDom)
			if s := pick(r, genIPs); s != "" {
				e.DestinationIP = netip.MustParseAddr(s)
			}
		case bonafide.CategoryAuthentication:
			if s := pick(r, genIPs); s != "" {
				e.SourceIP = netip.MustParseAddr(s)
			}
			e.UserAgent = pick(r, genUA)
			e.HostName = pick(r, genHost)
			e.Outcome = pick(r, []string{"success", "failure"})
			e.SourceCountry = pick(r, []string{"US", "KP", "CN", ""})
		case bonafide.CategoryPackage:
			e.PackageName = pick(r, genPkg)
		case bonafide.CategoryDevice:
			e.DeviceVendor = pick(r, genDev)
			e.DeviceModel = pick(r, genDev)
			e.DeviceVendorID = pick(r, []string{"1d6b", "046d"})
			e.DeviceProductID = pick(r, []string{"0104", "c52b"})
			e.DeviceSerial = pick(r, []string{"CAFEBABE", "cafebabe", "X1"})
		}
		e.HostName = pick(r, genHost)
		e.UserName = pick(r, []string{"jdoe@example.com", "ADMIN", ""})
		out[i] = e
	}
	return out
}
