package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/schollz/progressbar/v3"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/report"
	htmlreport "github.com/bonafide-oss/bonafide/internal/report/html"
	"github.com/bonafide-oss/bonafide/internal/scan"
	"github.com/bonafide-oss/bonafide/internal/score"
	"github.com/bonafide-oss/bonafide/internal/signals"
	"github.com/bonafide-oss/bonafide/internal/store"
	"github.com/bonafide-oss/bonafide/internal/telemetry/detect"
	"github.com/bonafide-oss/bonafide/internal/telemetry/hr"
	"github.com/bonafide-oss/bonafide/internal/telemetry/ingest"
	"github.com/bonafide-oss/bonafide/internal/telemetry/stream"
)

const ingestSynopsis = "ingest [--source NAME] [--hr employees.csv] [--db PATH] [--data DIR] [--json|--html PATH] [SOURCE:]FILE…|-\n" +
	"       (SOURCE:FILE names a file's format, e.g. entra:signins.jsonl osquery:results.log; plain FILEs use --source)\n" +
	"       bonafide ingest --stream --source NAME [--nats-url URL | --store-dir DIR [--listen HOST:PORT]] [--hr …]\n" +
	"       bonafide ingest --publish --source NAME [--nats-url URL | --store-dir DIR] FILE|-"

// runIngest implements `bonafide ingest`: post-hire telemetry (sign-in and endpoint logs)
// through the detection engine, findings printed and stored. See docs/ingest.md.
func runIngest(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "ingest", ingestSynopsis)
	source := fs.String("source", "", "log `format`: "+strings.Join(ingest.SourceNames(), ", "))
	hrPath := fs.String("hr", "", "import the HR roster `CSV` (employee_id,name,accounts,hosts,country,time_zone,start_date,ship_country,locale) into the store first; without it the stored roster is used")
	db := dbFlag(e, fs)
	data := fs.String("data", e.getenv("BONAFIDE_DATA"), "reference data `folder` (ip/, network/, rmm/, usb/); env BONAFIDE_DATA; without it the embedded defaults are used")
	htmlPath := fs.String("html", "", "also write the self-contained HTML report (employees ranked, evidence, hour-of-day heatmaps) to `path`")
	jsonOut := fs.Bool("json", false, "print the findings as JSON instead of the table")
	quiet := fs.Bool("quiet", false, "no progress or summary on stderr")
	streamMode := fs.Bool("stream", false, "consume the NATS JetStream subject bonafide.telemetry.SOURCE until interrupted")
	publish := fs.Bool("publish", false, "publish FILE's records to the NATS JetStream subject bonafide.telemetry.SOURCE")
	natsURL := fs.String("nats-url", e.getenv("BONAFIDE_NATS_URL"), "NATS server `URL` (external cluster); env BONAFIDE_NATS_URL; default: an embedded server")
	storeDir := fs.String("store-dir", "", "`folder` for the embedded server's JetStream storage and the consumer checkpoints (default: DB.stream/ beside the database file, one per database)")
	listen := fs.String("listen", "", "with --stream and the embedded server: also accept NATS clients on `host:port` (e.g. 127.0.0.1:4222)")
	var corporate, vpnLists, rmmAllow stringsFlag
	fs.Var(&corporate, "corporate", "`FILE` of the company's own egress ranges (\"CIDR<TAB>label\" or \"AS123<TAB>label\" lines): never a finding; repeatable")
	fs.Var(&vpnLists, "vpn", "`FILE` of named VPN operators' ranges or ASNs (same format; Astrill publishes none); repeatable")
	fs.Var(&rmmAllow, "rmm-allow", "an approved remote-access `tool` (LOLRMM name) or a file of them, one a line; repeatable")
	every := fs.Int("checkpoint-every", 1000, "with --stream: checkpoint after this many `messages`")
	interval := fs.Duration("checkpoint-interval", 5*time.Second, "with --stream: …or after this much `time`")
	inputs, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if !*streamMode && len(inputs) == 0 {
		fs.Usage()
		return usageError{"ingest needs a FILE (or - for standard input)"}
	}
	// Inputs may name their own format, SOURCE:FILE (entra:signins.jsonl osquery:results.log),
	// so one run — one engine — sees sign-ins and endpoint events together.
	var files []input
	for _, in := range inputs {
		if src, path, ok := strings.Cut(in, ":"); ok {
			if _, err := ingest.Parser(src); err == nil {
				files = append(files, input{src, path})
				continue
			}
		}
		files = append(files, input{*source, in})
	}
	// --source may be left out when every input names its format (and a stream or publish
	// takes its subject from it); whatever is used must be known.
	check := files
	if *source != "" || len(files) == 0 {
		check = append(check, input{*source, ""})
	}
	for _, f := range check {
		if _, err := ingest.Parser(f.source); err != nil {
			return usageError{fmt.Sprintf("--source (or a SOURCE: prefix) must be one of %s", strings.Join(ingest.SourceNames(), ", "))}
		}
	}
	if *streamMode && *publish {
		return usageError{"--stream and --publish exclude each other"}
	}
	if *storeDir == "" {
		// Beside the database, one folder per database: a consumer's checkpoint holds the
		// detection state of the findings stored in that database and no other.
		if *db != ":memory:" && !strings.Contains(*db, "://") {
			*storeDir = *db + ".stream"
		} else {
			*storeDir = filepath.Join(filepath.Dir(defaultDB(e)), "stream")
		}
	}
	if *publish {
		if len(inputs) != 1 {
			return usageError{"ingest --publish needs one FILE (or - for standard input)"}
		}
		return runIngestPublish(ctx, e, *source, inputs[0], *natsURL, *storeDir, *quiet)
	}
	if *streamMode && len(inputs) > 0 {
		return usageError{"ingest --stream takes no FILE"}
	}
	if !*streamMode && len(inputs) == 0 {
		fs.Usage()
		return usageError{"ingest needs a FILE (or - for standard input)"}
	}

	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	// The HR roster comes from the store; --hr reads one from a file instead, stored (imported
	// or updated) with the findings once the run has succeeded — a failed run stores nothing.
	var roster []bonafide.Employee
	if *hrPath != "" {
		if roster, err = readRoster(*hrPath); err != nil {
			return err
		}
	} else if roster, err = st.Employees(ctx); err != nil {
		return err
	}
	if len(roster) == 0 {
		return &bonafide.Error{Kind: bonafide.Invalid, Op: "ingest",
			Msg: "no HR roster in " + *db + ": give --hr employees.csv (it is stored for later runs) or run `bonafide hr import FILE`"}
	}
	emps, eng, err := detect.Setup{DataDir: dataDir(e, *data), Employees: roster,
		Corporate: corporate, VPN: vpnLists, RMMAllow: rmmAllow}.Build()
	if err != nil {
		return err
	}

	var stats ingest.Stats
	subject := ""
	if *streamMode {
		subject = "nats:" + stream.Subject(*source)
		// Findings are stored at every checkpoint (upserts: storing again changes nothing), so a
		// long-running consumer's findings reach the store while it runs.
		storeFindings := func() error {
			_, _, err := saveTelemetryFindings(context.WithoutCancel(ctx), st, emps, *hrPath, eng.Findings())
			return err
		}
		stats, err = runIngestStream(ctx, e, *source, eng, *natsURL, *storeDir, *listen, *every, *interval, *quiet, storeFindings)
		// The stream ends with an interrupt; the findings are stored after it regardless.
		ctx = context.WithoutCancel(ctx)
	} else {
		subject = strings.Join(inputs, " ")
		for _, f := range files {
			st, ferr := runIngestFile(ctx, e, f.source, f.path, eng, *quiet)
			stats.Events += st.Events
			stats.Errors += st.Errors
			stats.Bytes += st.Bytes
			stats.Elapsed += st.Elapsed
			if ferr != nil {
				err = ferr
				break
			}
		}
	}
	if err != nil {
		return err // nothing stored from a failed batch
	}
	if !*streamMode {
		eng.Flush() // the files have ended: their last day counts
	}
	findings := eng.Findings()
	if *hrPath != "" {
		if err := st.SaveEmployees(ctx, actor(e), *hrPath, roster); err != nil {
			return err
		}
		if !*quiet {
			fmt.Fprintf(e.stderr, "HR roster: %d employees from %s stored\n", len(roster), *hrPath)
		}
	}
	saved, added, err := saveTelemetryFindings(ctx, st, emps, *hrPath, findings)
	if err != nil {
		return err
	}
	if err := st.Audit(ctx, actor(e), "ingest", subject,
		fmt.Sprintf("%s: %d events; %d findings (%d written, %d employees added)", sourcesOf(*source, files), stats.Events, len(findings), saved.FindingsWritten, added)); err != nil {
		return err
	}
	ds := eng.Stats()
	if stats.Events > 0 && ds.Unattributed == stats.Events {
		fmt.Fprintf(e.stderr, "warning: none of the %d events matched an account or host in the HR roster (%d employees): check --source and the roster's accounts and hosts; nothing can be found\n",
			stats.Events, len(emps))
	}
	if !*quiet {
		fmt.Fprintf(e.stderr, "%d events (%d not attributed to an employee), %d bytes in %s\n",
			stats.Events, ds.Unattributed, stats.Bytes, stats.Elapsed.Round(time.Millisecond))
	}
	if *htmlPath != "" {
		rep := telemetryReport(emps, findings, inputs, stats)
		if err := writeFile(*htmlPath, func(w io.Writer) error { return htmlreport.Write(w, rep) }); err != nil {
			return err
		}
		if !*quiet {
			fmt.Fprintf(e.stderr, "HTML report: %s\n", *htmlPath)
		}
	}
	if *jsonOut {
		return writeIngestJSON(e.stdout, sourcesOf(*source, files), stats, ds, findings)
	}
	if err := writeFindingsTable(e.stdout, findings); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "stored: %d findings (%d written) in %s", len(findings), saved.FindingsWritten, *db)
	if added > 0 {
		fmt.Fprintf(e.stdout, "; %d employees with findings were not yet stored as people and were added from the roster", added)
	}
	fmt.Fprintln(e.stdout)
	return nil
}

// input is one file of an ingest run and its format.
type input struct{ source, path string }

// sourcesOf names the formats of a run: --source, or the inputs' formats joined with "+".
func sourcesOf(flagSource string, files []input) string {
	var names []string
	for _, f := range files {
		if !slices.Contains(names, f.source) {
			names = append(names, f.source)
		}
	}
	if len(names) == 0 {
		return flagSource
	}
	return strings.Join(names, "+")
}

// runIngestFile streams one file (or standard input) through the engine, with a byte
// progress bar on a terminal.
func runIngestFile(ctx context.Context, e env, source, path string, eng ingest.Processor, quiet bool) (ingest.Stats, error) {
	var r io.Reader = e.stdin
	name := "stdin"
	size := int64(-1)
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return ingest.Stats{}, &bonafide.Error{Kind: bonafide.NotFound, Op: "ingest", Err: err}
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
		r, name = f, path
	}
	if !quiet && isTerminal(e.stderr) {
		bar := progressbar.NewOptions64(size,
			progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription("ingest "+source),
			progressbar.OptionShowBytes(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish())
		pr := progressbar.NewReader(r, bar)
		defer bar.Finish()
		r = &pr
	}
	return ingest.Run(ctx, source, r, name, eng)
}

// connectNATS connects to url, or starts the embedded server on storeDir/jetstream (accepting
// outside clients on listen when given). stop closes both.
func connectNATS(url, storeDir, listen string) (js jetstream.JetStream, stop func(), err error) {
	var nc *nats.Conn
	var srv *stream.Embedded
	if url != "" {
		nc, err = nats.Connect(url, nats.Name("bonafide"))
		if err != nil {
			return nil, nil, &bonafide.Error{Kind: bonafide.Internal, Op: "nats", Msg: url, Err: err}
		}
	} else {
		if srv, err = stream.StartEmbedded(filepath.Join(storeDir, "jetstream"), listen); err != nil {
			return nil, nil, err
		}
		if nc, err = srv.Connect(); err != nil {
			srv.Shutdown()
			return nil, nil, err
		}
	}
	stop = func() {
		nc.Close()
		if srv != nil {
			srv.Shutdown()
		}
	}
	if js, err = jetstream.New(nc); err != nil {
		stop()
		return nil, nil, &bonafide.Error{Kind: bonafide.Internal, Op: "nats", Err: err}
	}
	return js, stop, nil
}

func runIngestPublish(ctx context.Context, e env, source, path, url, storeDir string, quiet bool) error {
	var r io.Reader = e.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return &bonafide.Error{Kind: bonafide.NotFound, Op: "ingest --publish", Err: err}
		}
		defer f.Close()
		r = f
	}
	js, stop, err := connectNATS(url, storeDir, "")
	if err != nil {
		return err
	}
	defer stop()
	n, err := stream.Publish(ctx, js, source, r)
	if !quiet {
		fmt.Fprintf(e.stderr, "published %d records to %s\n", n, stream.Subject(source))
	}
	return err
}

func runIngestStream(ctx context.Context, e env, source string, eng stream.StatefulProcessor, url, storeDir, listen string, every int, interval time.Duration, quiet bool, onCheckpoint func() error) (ingest.Stats, error) {
	js, stop, err := connectNATS(url, storeDir, listen)
	if err != nil {
		return ingest.Stats{}, err
	}
	defer stop()
	c := &stream.Consumer{
		JS: js, Source: source, Processor: eng,
		Store:    stream.FileCheckpoints{Path: filepath.Join(storeDir, "checkpoints", source+".ckpt")},
		Every:    every,
		Interval: interval,
		OnError: func(err error) {
			if !quiet {
				fmt.Fprintln(e.stderr, "skipped bad record:", err)
			}
		},
		OnCheckpoint: func(uint64) error { return onCheckpoint() },
	}
	if !quiet {
		fmt.Fprintf(e.stderr, "consuming %s (durable %s); interrupt to stop\n", stream.Subject(source), c.Durable())
	}
	start := time.Now()
	err = c.Run(ctx)
	rs := c.Stats()
	return ingest.Stats{Events: rs.Events, Errors: rs.Errors, Elapsed: time.Since(start)}, err
}

// saveTelemetryFindings stores findings, upserted by (person, signal, key) without removing
// any other finding of those people (their application findings stay). A finding's person
// that the store does not hold yet is added from the HR roster as a minimal employee record
// (ID, name, country, time zone, role employee); people already stored are left as they are.
// It returns the store's counts and the number of employees added.
func saveTelemetryFindings(ctx context.Context, st *store.Store, emps []hr.Employee, hrPath string, findings []bonafide.Finding) (store.SaveStats, int, error) {
	if len(findings) == 0 {
		return store.SaveStats{}, 0, nil
	}
	byID := make(map[string]*hr.Employee, len(emps))
	for i := range emps {
		byID[emps[i].ID] = &emps[i]
	}
	src := hrPath
	if src == "" {
		src = "HR roster (store)"
	}
	var people []*bonafide.Person
	seen := map[string]bool{}
	for _, f := range findings {
		if seen[f.PersonID] {
			continue
		}
		seen[f.PersonID] = true
		_, err := st.Person(ctx, f.PersonID)
		if err == nil {
			continue
		}
		if bonafide.KindOf(err) != bonafide.NotFound {
			return store.SaveStats{}, 0, err
		}
		emp, ok := byID[f.PersonID]
		if !ok {
			return store.SaveStats{}, 0, bonafide.Errorf(bonafide.Internal, "ingest", "finding for %s, who is neither stored nor in the HR roster", f.PersonID)
		}
		people = append(people, &bonafide.Person{
			ID: emp.ID, Role: bonafide.RoleEmployee, Source: src, SourceID: emp.ID,
			Name: emp.Name, Country: emp.Country, TimeZone: emp.TimeZone,
		})
	}
	saved, err := st.SaveScan(ctx, people, nil, findings)
	return saved, len(people), err
}

func writeFindingsTable(w io.Writer, findings []bonafide.Finding) error {
	if len(findings) == 0 {
		_, err := fmt.Fprintln(w, "no findings")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PERSON\tSIGNAL\tSEVERITY\tWEIGHT\tSUMMARY")
	for _, f := range findings {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.1f\t%s\n", f.PersonID, f.SignalID, f.Severity, f.Weight, f.Summary)
	}
	return tw.Flush()
}

func writeIngestJSON(w io.Writer, source string, st ingest.Stats, ds detect.Stats, findings []bonafide.Finding) error {
	if findings == nil {
		findings = []bonafide.Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Source       string             `json:"source"`
		Events       int64              `json:"events"`
		Unattributed int64              `json:"unattributed"`
		Bytes        int64              `json:"bytes"`
		ElapsedMS    int64              `json:"elapsed_ms"`
		Findings     []bonafide.Finding `json:"findings"`
	}{source, st.Events, ds.Unattributed, st.Bytes, st.Elapsed.Milliseconds(), findings})
}

// telemetryReport ranks the roster's employees by their telemetry findings for the HTML report.
func telemetryReport(emps []hr.Employee, findings []bonafide.Finding, inputs []string, stats ingest.Stats) *report.Report {
	people := make(map[string]*bonafide.Person, len(emps))
	batch := make([]*bonafide.Person, 0, len(emps))
	for _, em := range emps {
		p := &bonafide.Person{ID: em.ID, Name: em.Name, Country: em.Country}
		people[p.ID] = p
		batch = append(batch, p)
	}
	as := score.Rank(batch, findings, scan.Caps)
	r := &report.Report{
		Title:       "bonafide ingest: post-hire telemetry",
		GeneratedAt: time.Now().UTC(),
		Inputs:      inputs,
		Assessments: as,
		People:      people,
		Signals:     signals.Catalogue(),
		Sources:     signals.Sources(),
	}
	r.Stats = report.StatsOf(as)
	r.Stats.Duration = stats.Elapsed
	return r
}
