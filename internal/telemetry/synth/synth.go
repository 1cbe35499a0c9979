// Package synth generates a synthetic month of post-hire telemetry for a remote workforce
// with planted DPRK IT-worker cases and their benign look-alikes, and the ground truth for
// them (issue 5). It is the test bed of internal/telemetry/detect: every planted case names
// the signal it should raise (TEL-*, ONB-* IDs from internal/signals), every benign
// look-alike is listed as "BENIGN:<kind>" and should raise none.
//
// Generate writes, into one folder:
//
//	employees.csv          HR records in the internal/telemetry/hr format (header below)
//	entra-signins.jsonl    Microsoft Graph signIn resources, JSON lines (internal/telemetry/entra)
//	osquery-results.log    osqueryd filesystem-logger snapshot lines for processes, programs,
//	                       usb_devices and logged_in_users (internal/telemetry/osquery)
//	truth.csv              signal,person_id,note: one row per planted (signal, person)
//	corporate-egress.txt   the company's VPN egress ranges, ipinfo user-list format (KindCorporate)
//	rmm-allow.txt          approved remote-access tools, one rmm catalogue tool name a line
//
// Stream yields the same events, parsed by the same parsers, in time order, without holding
// the month in memory.
//
// Addresses. Home addresses are drawn from fixed residential access-network prefixes of the
// HR country (Deutsche Telekom, MEO, BT, KPN, Orange Polska, Telefónica, Orange, Eir,
// Comcast/Verizon…; the table is in pools.go). They are public facts, chosen so that the
// project's IP databases (shared/data ip/ and network/x4bnet/) give the expected country and
// no VPN or hosting flag; a test checks every generated address against the real data, so
// generation itself needs no data files and is byte-for-byte deterministic. VPN exits are
// Mullvad addresses (AS39351, in the X4BNet per-provider VPN lists; the ASN tables carry no
// Astrill organisation, so no Astrill-named exit can be recognised from public data).
// Corporate egress uses RFC 5737 / RFC 3849 documentation ranges, which the IP databases do
// not know: detect must load corporate-egress.txt as a KindCorporate user list.
//
// What is planted (counts for ≥ 100 employees; below that one farm of 4 and one or two of
// each other case, endpoint cases doubling up on farm laptops when people run out):
// three laptop farms of 4–6 employees sharing one residential IP of their claimed country
// and working 09:00–18:00 UTC+8 (TEL-SHARED-EGRESS, TEL-WORK-HOURS); Mullvad VPN users
// (TEL-VPN-EXIT); sign-ins from CN / RU for the whole period (TEL-GEO-MISMATCH); a sign-in
// from Korea 35 minutes after one from home (TEL-IMPOSSIBLE-TRAVEL); AnyDesk + TeamViewer on
// one host (TEL-RMM, TEL-RMM-MULTI); Chrome Remote Desktop remoting_host.exe (TEL-RMM); a PiKVM
// on usb_devices (TEL-IPKVM); a mouse jiggler (TEL-JIGGLER); one masked SMS phone shared by
// three employees (TEL-SHARED-MFA); an account signing in around the clock (TEL-CONTINUOUS);
// a new hire whose first sign-in is from an unmanaged device via VPN (ONB-FIRST-LOGIN,
// TEL-VPN-EXIT); a new hire whose shipped laptop is first used in China (ONB-ACTIVATION-GEO,
// ONB-FIRST-LOGIN). Benign: business trips of 3–5 days, everyone on the corporate VPN some of
// the time, Zoho Assist on every host (approved), a night-shift worker in Europe/Lisbon,
// two flatmates sharing a home IP, a developer with a Linux USB gadget (1d6b:0104, no PiKVM
// strings), ordinary new hires.
//
// Masked SMS phones ("+X XXXXXXXXnn", as Graph masks them) are unique per employee except
// for the shared-MFA case; authenticator users report no device.
package synth

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/telemetry/entra"
	"github.com/bonafide-oss/bonafide/internal/telemetry/osquery"
)

// Options sizes a generated data set. Zero values take the defaults: 500 employees, 30 days,
// Start 2025-03-03 (a Monday) 00:00 UTC. Start is truncated to its UTC day.
type Options struct {
	Employees int       // number of employees (≥ 1)
	Days      int       // number of days of telemetry (≥ 1)
	Seed      int64     // same Seed and options → byte-identical files
	Start     time.Time // first day of telemetry (UTC)
}

// Truth is one planted case: Signal is a signal ID ("TEL-RMM") or "BENIGN:<kind>" for a
// look-alike that should raise nothing; PersonID is the employee ID in employees.csv.
type Truth struct {
	Signal, PersonID string
}

// Manifest describes what Generate wrote.
type Manifest struct {
	Dir          string           // the output folder
	Files        []string         // file names written, relative to Dir
	Employees    int              // rows of employees.csv
	SignIns      int              // lines (= events) of entra-signins.jsonl
	OsqueryLines int              // lines of osquery-results.log
	OsqueryRows  int              // events those lines parse into (snapshot rows)
	Truth        []Truth          // rows of truth.csv, in file order
	Notes        map[Truth]string // the note column of truth.csv
	Counts       map[string]int   // persons per truth signal
}

// File names Generate writes.
const (
	EmployeesFile = "employees.csv"
	EntraFile     = "entra-signins.jsonl"
	OsqueryFile   = "osquery-results.log"
	TruthFile     = "truth.csv"
	EgressFile    = "corporate-egress.txt"
	RMMAllowFile  = "rmm-allow.txt"
)

// EmployeesHeader is the header row of employees.csv (the internal/telemetry/hr contract).
const EmployeesHeader = "employee_id,name,accounts,hosts,country,time_zone,start_date,ship_country,locale"

// ApprovedRMM is the remote-support tool every host runs and rmm-allow.txt approves.
const ApprovedRMM = "Zoho Assist"

func (o Options) norm() (Options, error) {
	if o.Employees == 0 {
		o.Employees = 500
	}
	if o.Days == 0 {
		o.Days = 30
	}
	if o.Employees < 1 || o.Days < 1 {
		return o, fmt.Errorf("synth: Employees and Days must be positive (got %d, %d)", o.Employees, o.Days)
	}
	if o.Start.IsZero() {
		o.Start = time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	}
	o.Start = o.Start.UTC().Truncate(24 * time.Hour)
	return o, nil
}

// Generate writes a data set into dir (created if missing; existing files of the same names are
// replaced) and returns its manifest. Errors are the file system's or bad Options.
func Generate(opt Options, dir string) (*Manifest, error) {
	w, m, err := writeRoster(opt, dir)
	if err != nil {
		return nil, err
	}
	ef, err := os.Create(filepath.Join(dir, EntraFile))
	if err != nil {
		return nil, err
	}
	defer ef.Close()
	of, err := os.Create(filepath.Join(dir, OsqueryFile))
	if err != nil {
		return nil, err
	}
	defer of.Close()
	eb, ob := bufio.NewWriterSize(ef, 1<<20), bufio.NewWriterSize(of, 1<<20)
	err = w.run(func(batch []record) error {
		for i := range batch {
			r := &batch[i]
			if r.osq {
				m.OsqueryLines++
				m.OsqueryRows += r.rows
				if _, err := ob.Write(r.line); err != nil {
					return err
				}
			} else {
				m.SignIns++
				if _, err := eb.Write(r.line); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := eb.Flush(); err != nil {
		return nil, err
	}
	if err := ob.Flush(); err != nil {
		return nil, err
	}
	if err := ef.Close(); err != nil {
		return nil, err
	}
	if err := of.Close(); err != nil {
		return nil, err
	}
	m.Files = []string{EmployeesFile, EntraFile, OsqueryFile, TruthFile, EgressFile, RMMAllowFile}
	return m, nil
}

// WriteRoster writes only the small files of the data set Generate would write — the HR roster,
// the truth, the corporate egress list and the RMM allow-list — for runs that take the events
// from Stream (a ten-million-event benchmark would otherwise write gigabytes). The manifest has
// no log counts.
func WriteRoster(opt Options, dir string) (*Manifest, error) {
	_, m, err := writeRoster(opt, dir)
	if err != nil {
		return nil, err
	}
	m.Files = []string{EmployeesFile, TruthFile, EgressFile, RMMAllowFile}
	return m, nil
}

func writeRoster(opt Options, dir string) (*world, *Manifest, error) {
	opt, err := opt.norm()
	if err != nil {
		return nil, nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, err
	}
	w, err := newWorld(opt)
	if err != nil {
		return nil, nil, err
	}
	m := &Manifest{Dir: dir, Employees: len(w.people), Notes: map[Truth]string{}, Counts: map[string]int{}}
	for _, t := range w.truth {
		m.Truth = append(m.Truth, t.Truth)
		m.Notes[t.Truth] = t.note
		m.Counts[t.Signal]++
	}
	small := map[string][]byte{
		EmployeesFile: w.employeesCSV(),
		TruthFile:     w.truthCSV(),
		EgressFile:    egressList(),
		RMMAllowFile:  []byte("# Approved remote-support tools (rmm catalogue names), one a line.\n" + ApprovedRMM + "\n"),
	}
	for _, n := range []string{EmployeesFile, TruthFile, EgressFile, RMMAllowFile} {
		if err := os.WriteFile(filepath.Join(dir, n), small[n], 0o644); err != nil {
			return nil, nil, err
		}
	}
	return w, m, nil
}

// Stream generates the same data set as Generate with the same options and calls fn with each
// event of entra-signins.jsonl and osquery-results.log, parsed by entra.Parse and
// osquery.Parse, merged in time order (ties: Entra first, then file order). Events are newly
// allocated; fn may keep them. It holds about a day and a half of events at a time, so
// memory grows with Employees but not with Days. fn's error stops the stream and is returned.
func Stream(opt Options, fn func(*bonafide.Event) error) error {
	opt, err := opt.norm()
	if err != nil {
		return err
	}
	w, err := newWorld(opt)
	if err != nil {
		return err
	}
	var ebuf, obuf bytes.Buffer
	var evs, ovs []*bonafide.Event
	return w.run(func(batch []record) error {
		ebuf.Reset()
		obuf.Reset()
		for i := range batch {
			if batch[i].osq {
				obuf.Write(batch[i].line)
			} else {
				ebuf.Write(batch[i].line)
			}
		}
		evs, ovs = evs[:0], ovs[:0]
		if err := entra.Parse(&ebuf, EntraFile, func(e *bonafide.Event) error { evs = append(evs, e); return nil }); err != nil {
			return err
		}
		if err := osquery.Parse(&obuf, OsqueryFile, func(e *bonafide.Event) error { ovs = append(ovs, e); return nil }); err != nil {
			return err
		}
		// Both slices are in time order (the batch is sorted); merge them.
		i, j := 0, 0
		for i < len(evs) || j < len(ovs) {
			var e *bonafide.Event
			if j >= len(ovs) || (i < len(evs) && !ovs[j].Timestamp.Before(evs[i].Timestamp)) {
				e, i = evs[i], i+1
			} else {
				e, j = ovs[j], j+1
			}
			if err := fn(e); err != nil {
				return err
			}
		}
		clear(evs)
		clear(ovs)
		return nil
	})
}

// sortBatch orders records by time, Entra before osquery at the same instant, then by
// generation sequence: a total order, so output is deterministic.
func sortBatch(b []record) {
	slices.SortFunc(b, func(x, y record) int {
		if c := x.t.Compare(y.t); c != 0 {
			return c
		}
		if x.osq != y.osq {
			if x.osq {
				return 1
			}
			return -1
		}
		return cmp.Compare(x.seq, y.seq)
	})
}
