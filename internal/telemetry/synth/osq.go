package synth

import (
	"math/rand/v2"
	"strconv"
	"time"
)

// row is one osquery result row: column names and values in output order.
type row [][2]string

type proc struct{ name, path, cmd string }

var baseProcs = []proc{
	{"explorer.exe", `C:\Windows\explorer.exe`, `C:\Windows\Explorer.EXE`},
	{"svchost.exe", `C:\Windows\System32\svchost.exe`, `C:\Windows\system32\svchost.exe -k netsvcs -p`},
	{"MsMpEng.exe", `C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.24010.12-0\MsMpEng.exe`, `"C:\ProgramData\Microsoft\Windows Defender\Platform\4.18.24010.12-0\MsMpEng.exe"`},
	{"OneDrive.exe", `C:\Program Files\Microsoft OneDrive\OneDrive.exe`, `"C:\Program Files\Microsoft OneDrive\OneDrive.exe" /background`},
	{"ms-teams.exe", `C:\Program Files\WindowsApps\MSTeams_24033.811.2738.2546_x64__8wekyb3d8bbwe\ms-teams.exe`, `"ms-teams.exe"`},
	{"OUTLOOK.EXE", `C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE`, `"C:\Program Files\Microsoft Office\root\Office16\OUTLOOK.EXE"`},
	{"ZAService.exe", `C:\Program Files (x86)\ZohoMeeting\UnAttended\ZohoMeeting\ZAService.exe`, `"C:\Program Files (x86)\ZohoMeeting\UnAttended\ZohoMeeting\ZAService.exe"`},
}

var optProcs = []proc{
	{"chrome.exe", `C:\Program Files\Google\Chrome\Application\chrome.exe`, `"C:\Program Files\Google\Chrome\Application\chrome.exe"`},
	{"msedge.exe", `C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`, `"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe" --no-startup-window`},
	{"Code.exe", `C:\Users\%u\AppData\Local\Programs\Microsoft VS Code\Code.exe`, `"C:\Users\%u\AppData\Local\Programs\Microsoft VS Code\Code.exe"`},
	{"slack.exe", `C:\Users\%u\AppData\Local\slack\app-4.36.140\slack.exe`, `"C:\Users\%u\AppData\Local\slack\app-4.36.140\slack.exe" --process-start-args --startup`},
	{"Zoom.exe", `C:\Users\%u\AppData\Roaming\Zoom\bin\Zoom.exe`, `"C:\Users\%u\AppData\Roaming\Zoom\bin\Zoom.exe"`},
	{"WindowsTerminal.exe", `C:\Program Files\WindowsApps\Microsoft.WindowsTerminal_1.19.10573.0_x64__8wekyb3d8bbwe\WindowsTerminal.exe`, `"wt.exe"`},
}

type program struct{ name, version, loc, publisher, guid string }

var basePrograms = []program{
	{"Microsoft 365 Apps for enterprise - en-us", "16.0.17328.20162", `C:\Program Files\Microsoft Office`, "Microsoft Corporation", "O365ProPlusRetail - en-us"},
	{"Google Chrome", "122.0.6261.112", `C:\Program Files\Google\Chrome\Application`, "Google LLC", "{6B5FDBC2-3A0F-3C2A-9C5F-7A8C0B6D1E21}"},
	{"Zoom Workplace (64-bit)", "5.17.11.34827", "", "Zoom Video Communications, Inc.", "{8B0E5E1D-6F2B-4C3A-9E1F-2A7D3B4C5D60}"},
	{"Slack (Machine - MSI)", "4.36.140", "", "Slack Technologies Inc.", "{2C9E4F17-1A6B-4D8E-8F3A-5B7C9D0E1F22}"},
	{"Microsoft Visual Studio Code", "1.87.0", `C:\Program Files\Microsoft VS Code\`, "Microsoft Corporation", "{EA457B21-F73E-494C-ACAB-524FDE069978}_is1"},
	{"Zoho Assist Unattended Agent", "1.0.0.83", `C:\Program Files (x86)\ZohoMeeting\UnAttended`, "Zoho Corporation Pvt. Ltd.", "{5F1B8B7C-2E4D-4C1A-9B0E-7D6C5A4B3E10}"},
	{"CrowdStrike Windows Sensor", "7.10.17706.0", "", "CrowdStrike, Inc.", "{1B6E0A2C-7F3D-4A9B-8C5E-0D2F4B6A8C13}"},
}

var (
	anydesk    = proc{"AnyDesk.exe", `C:\Program Files (x86)\AnyDesk\AnyDesk.exe`, `"C:\Program Files (x86)\AnyDesk\AnyDesk.exe" --service`}
	teamviewer = proc{"TeamViewer.exe", `C:\Program Files\TeamViewer\TeamViewer.exe`, `"C:\Program Files\TeamViewer\TeamViewer.exe"`}
	tvService  = proc{"TeamViewer_Service.exe", `C:\Program Files\TeamViewer\TeamViewer_Service.exe`, `"C:\Program Files\TeamViewer\TeamViewer_Service.exe"`}
	crd        = proc{"remoting_host.exe", `C:\Program Files (x86)\Google\Chrome Remote Desktop\122.0.6261.13\remoting_host.exe`, `"C:\Program Files (x86)\Google\Chrome Remote Desktop\122.0.6261.13\remoting_host.exe" --type=host`}
	pAnyDesk   = program{"AnyDesk", "8.0.8", `"C:\Program Files (x86)\AnyDesk"`, "AnyDesk Software GmbH", "AnyDesk"}
	pTV        = program{"TeamViewer", "15.51.5", `C:\Program Files\TeamViewer`, "TeamViewer", "TeamViewer"}
	pCRD       = program{"Chrome Remote Desktop Host", "122.0.6261.13", "", "Google LLC", "{0C4A1E4E-6F3B-4B1A-9A5D-5E1F2B3C4D90}"}
)

type usb struct{ addr, port, vendor, vid, model, pid, serial, class, removable string }

var (
	usbRootHub = usb{"1", "1", "Linux Foundation", "1d6b", "2.0 root hub", "0002", "0000:00:14.0", "9", "0"}
	usbWebcam  = usb{"3", "5", "Chicony Electronics Co., Ltd", "04f2", "Integrated Camera", "b6ea", "0001", "239", "0"}
	usbUnify   = usb{"2", "2", "Logitech, Inc.", "046d", "Unifying Receiver", "c52b", "", "0", "1"}
	usbDock    = usb{"4", "3", "Lenovo", "17ef", "ThinkPad USB-C Dock Gen2 Audio", "a396", "000000000000", "0", "1"}
	usbPiKVM   = usb{"5", "4", "PiKVM", "1d6b", "PiKVM Composite Device", "0104", "CAFEBABE", "239", "1"}
	usbJiggler = usb{"6", "4", "Vaydeer", "1a86", "USB Mouse Jiggler", "e026", "", "3", "1"}
	usbGadget  = usb{"5", "4", "Linux Foundation", "1d6b", "Multifunction Composite Gadget", "0104", "fedcba9876543210", "239", "1"}
)

// klidOf is the Windows keyboard layout ID of each HR locale's standard layout.
var klidOf = map[string]string{
	"de-DE": "00000407", "pt-PT": "00000816", "en-GB": "00000809", "nl-NL": "00020409", "pl-PL": "00000415",
	"es-ES": "0000040a", "fr-FR": "0000040c", "en-IE": "00001809", "en-US": "00000409",
}

func (g *gen) addOsq(pp *person, r *rand.Rand, t time.Time, table string, d int) {
	t = t.UTC().Truncate(time.Second)
	var rows []row
	user := func(s string) string {
		out := make([]byte, 0, len(s)+16)
		for i := 0; i < len(s); i++ {
			if s[i] == '%' && i+1 < len(s) && s[i+1] == 'u' {
				out = append(out, pp.winUser...)
				i++
				continue
			}
			out = append(out, s[i])
		}
		return string(out)
	}
	switch table {
	case "processes":
		procs := append([]proc(nil), baseProcs...)
		for k, pr := range optProcs {
			if seedOf(uint64(pp.idx), uint64(k), 7)%3 != 0 || r.IntN(4) == 0 {
				procs = append(procs, pr)
			}
		}
		switch pp.host2 {
		case hostRMMMulti:
			procs = append(procs, anydesk, teamviewer, tvService)
		case hostCRD:
			procs = append(procs, crd)
		}
		pid := 1000 + r.IntN(2000)
		for _, pr := range procs {
			pid += 4 + 4*r.IntN(200)
			rows = append(rows, row{{"pid", strconv.Itoa(pid)}, {"name", pr.name}, {"path", user(pr.path)},
				{"cmdline", user(pr.cmd)}, {"parent", strconv.Itoa(700 + 4*r.IntN(50))}, {"uid", "-1"}, {"on_disk", "1"},
				{"start_time", strconv.FormatInt(t.Add(-time.Duration(60+r.IntN(7200))*time.Second).Unix(), 10)}})
		}
	case "programs":
		progs := append([]program(nil), basePrograms...)
		switch pp.host2 {
		case hostRMMMulti:
			progs = append(progs, pAnyDesk, pTV)
		case hostCRD:
			progs = append(progs, pCRD)
		}
		for _, pr := range progs {
			rows = append(rows, row{{"name", pr.name}, {"version", pr.version}, {"install_location", pr.loc},
				{"install_source", ""}, {"language", "1033"}, {"publisher", pr.publisher}, {"uninstall_string", ""},
				{"install_date", pp.start.AddDate(0, 0, -3).Format("20060102")}, {"identifying_number", pr.guid}})
		}
	case "usb_devices":
		devs := []usb{usbRootHub, usbWebcam}
		if seedOf(uint64(pp.idx), 11)%2 == 0 {
			devs = append(devs, usbUnify)
		}
		if seedOf(uint64(pp.idx), 12)%3 == 0 {
			devs = append(devs, usbDock)
		}
		switch pp.host2 {
		case hostIPKVM:
			devs = append(devs, usbPiKVM)
		case hostJiggler:
			devs = append(devs, usbJiggler)
		case hostGadget:
			devs = append(devs, usbGadget)
		}
		for _, u := range devs {
			rows = append(rows, row{{"usb_address", u.addr}, {"usb_port", u.port}, {"vendor", u.vendor}, {"vendor_id", u.vid},
				{"version", "0100"}, {"model", u.model}, {"model_id", u.pid}, {"serial", u.serial}, {"class", u.class},
				{"subclass", "0"}, {"protocol", "0"}, {"removable", u.removable}})
		}
	case "registry":
		// The keyboard layouts preloaded for the signed-in user (HKU\<sid>\Keyboard Layout\Preload).
		klids := []string{klidOf[pp.locale]}
		switch pp.host2 {
		case hostKorean:
			klids = append(klids, "00000412")
		case hostEnglish:
			klids = append(klids, "00000409")
		}
		key := `HKEY_USERS\S-1-12-1-` + strconv.FormatUint(seedOf(uint64(pp.idx), 5)%4294967295, 10) + `\Keyboard Layout\Preload`
		for i, k := range klids {
			if k == "" {
				continue
			}
			n := strconv.Itoa(i + 1)
			rows = append(rows, row{{"key", key}, {"path", key + `\` + n}, {"name", n}, {"type", "REG_SZ"}, {"data", k},
				{"mtime", strconv.FormatInt(pp.start.AddDate(0, 0, -3).Unix(), 10)}})
		}
	case "logged_in_users":
		rows = append(rows, row{{"type", "active"}, {"user", pp.winUser}, {"tty", "console"}, {"host", ""},
			{"time", strconv.FormatInt(t.Add(-time.Duration(300+r.IntN(3000))*time.Second).Unix(), 10)},
			{"pid", strconv.Itoa(4000 + 4*r.IntN(500))}, {"sid", "S-1-12-1-" + strconv.FormatUint(seedOf(uint64(pp.idx), 5)%4294967295, 10)},
			{"registry_hive", `HKEY_USERS\S-1-12-1`}})
	}
	b := make([]byte, 0, 512+400*len(rows))
	b = append(b, '{')
	b = kv(b, "name", "pack_acme_"+table)
	b = append(b, ',')
	b = kv(b, "hostIdentifier", pp.deviceID)
	b = append(b, ',')
	b = kv(b, "calendarTime", t.Format("Mon Jan _2 15:04:05 2006")+" UTC")
	b = append(b, `,"unixTime":`...)
	b = strconv.AppendInt(b, t.Unix(), 10)
	b = append(b, `,"epoch":0,"counter":`...)
	b = strconv.AppendInt(b, int64(d), 10)
	b = append(b, `,"numerics":false,"decorations":{`...)
	b = kv(b, "host_uuid", pp.deviceID)
	b = append(b, ',')
	b = kv(b, "hostname", pp.host)
	b = append(b, `,"os_full":"Microsoft Windows 11 Enterprise 10.0.22631"},"snapshot":[`...)
	for i, rw := range rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		for j, c := range rw {
			if j > 0 {
				b = append(b, ',')
			}
			b = kv(b, c[0], c[1])
		}
		b = append(b, '}')
	}
	b = append(b, "],\"action\":\"snapshot\"}\n"...)
	g.push(t, true, len(rows), b)
}
