package detect

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/enrich/ipinfo"
	"github.com/bonafide-oss/bonafide/internal/enrich/rmm"
	"github.com/bonafide-oss/bonafide/internal/enrich/usbid"
	"github.com/bonafide-oss/bonafide/internal/telemetry/hr"
	"github.com/bonafide-oss/bonafide/internal/telemetry/sigma"
)

// Setup names what a customer's engine is built from: the reference data folder and the
// customer's own lists.
type Setup struct {
	DataDir   string              // reference data folder (ip/, network/, rmm/, usb/); "" for the embedded defaults
	Roster    string              // HR roster CSV (hr.ReadCSV); "" to use Employees
	Employees []bonafide.Employee // the roster when Roster is "" (e.g. from the store); none: no event is attributed
	Corporate []string            // files of corporate egress ranges (ipinfo list format): never a finding
	VPN       []string            // files of named VPN operators' ranges or ASNs (Astrill has no public list)
	RMMAllow  []string            // approved remote-access tools, by rmm catalogue name, or files of them (one a line)
}

// Build loads everything Setup names and returns the roster and a new engine. Missing reference
// files fall back to the embedded defaults (ipinfo.Status says which); a customer list that is
// missing or malformed is an error naming the file. An approved tool name unknown to the
// catalogue is an error too (a typo would silently allow nothing).
func (s Setup) Build() ([]hr.Employee, *Engine, error) {
	if s.DataDir != "" {
		if fi, err := os.Stat(s.DataDir); err != nil || !fi.IsDir() {
			return nil, nil, &bonafide.Error{Kind: bonafide.Invalid, Op: "telemetry", Msg: s.DataDir + " is not a folder", Err: err}
		}
	}
	ip, _, err := ipinfo.Open(s.DataDir)
	if err != nil {
		return nil, nil, err
	}
	for _, f := range s.Corporate {
		if err := ip.LoadList(f, ipinfo.KindCorporate); err != nil {
			return nil, nil, err
		}
	}
	for _, f := range s.VPN {
		if err := ip.LoadList(f, ipinfo.KindVPN); err != nil {
			return nil, nil, err
		}
	}
	cat := rmm.Default()
	if s.DataDir != "" {
		if c, err := rmm.Load(s.DataDir); err == nil {
			cat = c
		} else if !errors.Is(err, os.ErrNotExist) {
			return nil, nil, err
		}
	}
	var allow []string
	for _, a := range s.RMMAllow {
		if _, err := os.Stat(a); err == nil {
			names, err := readNames(a)
			if err != nil {
				return nil, nil, err
			}
			allow = append(allow, names...)
			continue
		}
		allow = append(allow, a)
	}
	if unknown := cat.Allow(allow...); len(unknown) > 0 {
		return nil, nil, &bonafide.Error{Kind: bonafide.Invalid, Op: "rmm allow-list",
			Msg: fmt.Sprintf("unknown tool name(s) %s (names as the LOLRMM catalogue writes them)", strings.Join(unknown, ", "))}
	}
	usb := usbid.Default()
	if s.DataDir != "" {
		if u, err := usbid.Load(filepath.Join(s.DataDir, "usb", "usb.ids")); err == nil {
			usb = u
		} else if !errors.Is(err, os.ErrNotExist) {
			return nil, nil, err
		}
	}
	rules, err := sigma.Builtin()
	if err != nil {
		return nil, nil, err
	}
	emps := s.Employees
	if s.Roster != "" {
		f, err := os.Open(s.Roster)
		if err != nil {
			return nil, nil, &bonafide.Error{Kind: bonafide.NotFound, Op: "HR roster", Msg: s.Roster, Err: err}
		}
		emps, err = hr.ReadCSV(f, s.Roster)
		f.Close()
		if err != nil {
			return nil, nil, err
		}
	}
	return emps, New(Config{IP: ip, RMM: cat, USB: usb, Rules: rules, HR: hr.NewDirectory(emps)}), nil
}

// readNames reads one name a line; blank lines and "#" comments are skipped.
func readNames(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" && !strings.HasPrefix(s, "#") {
			out = append(out, s)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}
