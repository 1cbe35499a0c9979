package stream

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// countProc is the test's StatefulProcessor: its state is how often each event ID and each
// user was seen, and a set of "finding keys" (a user reaching every 10th sign-in from one
// country). done is closed when the total reaches want.
type countProc struct {
	State struct {
		IDs      map[string]int
		Users    map[string]int
		UserCtry map[string]int
		Findings map[string]bool
		Total    int
	}
	want int
	done chan struct{}
	once sync.Once
}

func newCountProc(want int) *countProc {
	p := &countProc{want: want, done: make(chan struct{})}
	p.State.IDs = map[string]int{}
	p.State.Users = map[string]int{}
	p.State.UserCtry = map[string]int{}
	p.State.Findings = map[string]bool{}
	return p
}

func (p *countProc) Process(ev *bonafide.Event) {
	s := &p.State
	s.IDs[ev.ID]++
	s.Users[ev.UserName]++
	k := ev.UserName + "|" + ev.SourceCountry
	s.UserCtry[k]++
	if s.UserCtry[k]%10 == 0 {
		s.Findings[fmt.Sprintf("%s#%d", k, s.UserCtry[k])] = true
	}
	s.Total++
	p.check()
}

func (p *countProc) check() {
	if p.State.Total >= p.want {
		p.once.Do(func() { close(p.done) })
	}
}

func (p *countProc) Snapshot() ([]byte, error) { return json.Marshal(&p.State) }

func (p *countProc) Restore(b []byte) error {
	p.State.IDs, p.State.Users, p.State.UserCtry, p.State.Findings = nil, nil, nil, nil
	if err := json.Unmarshal(b, &p.State); err != nil {
		return err
	}
	p.check()
	return nil
}

// signins returns n Entra Graph signIn JSON lines: ids "ev-<i>", 37 users, three countries.
func signins(n int) []byte {
	var b bytes.Buffer
	ctry := []string{"DE", "US", "KP"}
	for i := range n {
		fmt.Fprintf(&b, `{"id":"ev-%d","createdDateTime":"2025-03-04T%02d:%02d:%02dZ","userPrincipalName":"user%d@contoso.example","ipAddress":"203.0.113.%d","location":{"countryOrRegion":"%s"},"status":{"errorCode":0}}`+"\n",
			i, i/3600%24, i/60%60, i%60, i%37, i%250+1, ctry[i*7%11%3])
	}
	return b.Bytes()
}

// reference processes the same records in one uninterrupted run.
func reference(t *testing.T, in []byte) *countProc {
	t.Helper()
	p := newCountProc(0)
	if err := Split(bytes.NewReader(in), "entra", "ref", func(rec []byte) error {
		return ingestOne(rec, p)
	}); err != nil {
		t.Fatal(err)
	}
	return p
}

func ingestOne(rec []byte, p *countProc) error {
	return parseEntra(bytes.NewReader(rec), "ref", func(ev *bonafide.Event) error { p.Process(ev); return nil })
}

type env struct {
	srv *Embedded
	nc  *nats.Conn
	js  jetstream.JetStream
	dir string
}

func start(t *testing.T, dir string) *env {
	t.Helper()
	srv, err := StartEmbedded(filepath.Join(dir, "js"), "")
	if err != nil {
		t.Fatal(err)
	}
	nc, err := srv.Connect()
	if err != nil {
		srv.Shutdown()
		t.Fatal(err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return &env{srv: srv, nc: nc, js: js, dir: dir}
}

func (e *env) stop() {
	e.nc.Close()
	e.srv.Shutdown()
}

// consumer returns a consumer with a fresh processor (restored by Run).
func (e *env) consumer(want int) (*Consumer, *countProc) {
	p := newCountProc(want)
	return &Consumer{
		JS: e.js, Source: "entra", Processor: p,
		Store:    FileCheckpoints{Path: filepath.Join(e.dir, "entra.ckpt")},
		Every:    1000,
		Interval: time.Hour, // checkpoints by count only, so the test is deterministic
		Batch:    128,
	}, p
}

// runUntilDone runs c until its processor has seen want events, then cancels it (graceful
// stop with a final checkpoint).
func runUntilDone(t *testing.T, c *Consumer, p *countProc) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- c.Run(ctx) }()
	select {
	case <-p.done:
		cancel()
		if err := <-errc; err != nil {
			t.Fatalf("Run: %v", err)
		}
	case err := <-errc:
		cancel()
		t.Fatalf("Run returned before the end: %v", err)
	}
}

func assertExactlyOnce(t *testing.T, got, ref *countProc, n int) {
	t.Helper()
	if got.State.Total != n {
		t.Errorf("total = %d, want %d", got.State.Total, n)
	}
	if len(got.State.IDs) != n {
		t.Errorf("distinct IDs = %d, want %d", len(got.State.IDs), n)
	}
	for id, c := range got.State.IDs {
		if c != 1 {
			t.Errorf("event %s counted %d times", id, c)
			break
		}
	}
	if !maps.Equal(got.State.Users, ref.State.Users) {
		t.Errorf("per-user counts differ from the uninterrupted run")
	}
	if !maps.Equal(got.State.UserCtry, ref.State.UserCtry) {
		t.Errorf("per-user-country counts differ from the uninterrupted run")
	}
	if !maps.Equal(got.State.Findings, ref.State.Findings) {
		gk := slices.Sorted(maps.Keys(got.State.Findings))
		rk := slices.Sorted(maps.Keys(ref.State.Findings))
		t.Errorf("findings differ: %d vs %d\n got %v\nwant %v", len(gk), len(rk), gk, rk)
	}
	if len(ref.State.Findings) == 0 {
		t.Errorf("reference has no findings; the test proves nothing")
	}
}

// TestExactlyOnceAcrossCrashes is the key test: a consumer killed without a checkpoint, one
// killed between saving a checkpoint and acking, and one cancelled at a random point are each
// followed by a new consumer with a new processor; at the end every event was counted exactly
// once and the findings equal an uninterrupted run's.
func TestExactlyOnceAcrossCrashes(t *testing.T) {
	const n = 20_000
	in := signins(n)
	ref := reference(t, in)
	e := start(t, t.TempDir())
	defer e.stop()
	pub, err := Publish(context.Background(), e.js, "entra", bytes.NewReader(in))
	if err != nil || pub != n {
		t.Fatalf("Publish = %d, %v; want %d", pub, err, n)
	}
	rng := rand.New(rand.NewPCG(5, 17))

	// 1. Killed after K messages, before the next checkpoint.
	c, _ := e.consumer(n)
	k1 := int64(2000 + 1 + rng.IntN(998)) // between the 2nd and 3rd checkpoint
	c.afterProcess = func(m int64) bool { return m == k1 }
	if err := c.Run(context.Background()); err != errCrash {
		t.Fatalf("run 1: %v, want the simulated crash", err)
	}
	if st := c.Stats(); st.Checkpoints != 2 || st.Seq != 2000 {
		t.Fatalf("run 1 stats %+v, want 2 checkpoints up to seq 2000", st)
	}

	// 2. Killed after saving its 3rd checkpoint, before acking.
	c, p := e.consumer(n)
	saves := 0
	c.afterCheckpoint = func(uint64) bool { saves++; return saves == 3 }
	if err := c.Run(context.Background()); err != errCrash {
		t.Fatalf("run 2: %v, want the simulated crash", err)
	}
	if p.State.Total != 5000 {
		t.Fatalf("run 2 crashed at total %d, want 5000", p.State.Total)
	}

	// 3. Cancelled at a random point (graceful: final checkpoint, then ack).
	c, p = e.consumer(n)
	k3 := 5000 + 1 + rng.IntN(4000)
	ctx, cancel := context.WithCancel(context.Background())
	c.afterProcess = func(int64) bool {
		if p.State.Total >= k3 {
			cancel()
		}
		return false
	}
	if err := c.Run(ctx); err != nil {
		t.Fatalf("run 3: %v", err)
	}
	cancel()
	if st := c.Stats(); st.Seq != uint64(p.State.Total) {
		t.Fatalf("run 3 final checkpoint at seq %d, processor total %d", st.Seq, p.State.Total)
	}

	// 4. A new consumer runs to the end.
	c, p = e.consumer(n)
	runUntilDone(t, c, p)
	assertExactlyOnce(t, p, ref, n)

	// 5. Nothing is left: one more run restores everything and processes nothing new (the
	// timeout only bounds how long it waits for messages that should not come).
	c, p = e.consumer(n)
	ctx, cancel = context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := c.Run(ctx); err != nil {
		t.Fatalf("run 5: %v", err)
	}
	if st := c.Stats(); st.Events != 0 {
		t.Errorf("run 5 processed %d events after the end", st.Events)
	}
	assertExactlyOnce(t, p, ref, n)
}

// TestServerRestart restarts the embedded server (file storage) mid-stream: the published
// messages and the consumer survive, and the result is exact.
func TestServerRestart(t *testing.T) {
	const n = 3000
	in := signins(n)
	ref := reference(t, in)
	dir := t.TempDir()
	e := start(t, dir)
	if _, err := Publish(context.Background(), e.js, "entra", bytes.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	c, _ := e.consumer(n)
	c.afterProcess = func(m int64) bool { return m == 1500 }
	if err := c.Run(context.Background()); err != errCrash {
		t.Fatalf("run 1: %v", err)
	}
	e.stop()

	e = start(t, dir)
	defer e.stop()
	s, err := e.js.Stream(context.Background(), StreamName)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if info.State.Msgs != n {
		t.Fatalf("after restart the stream holds %d messages, want %d", info.State.Msgs, n)
	}
	c, p := e.consumer(n)
	runUntilDone(t, c, p)
	assertExactlyOnce(t, p, ref, n)
}

// TestBadMessage: a record that does not parse is reported to OnError, acked and counted, and
// does not stop the consumer.
func TestBadMessage(t *testing.T) {
	e := start(t, t.TempDir())
	defer e.stop()
	in := signins(3)
	lines := bytes.SplitAfter(in, []byte("\n"))
	bad := []byte(`{"id":"x","createdDateTime":"2025-03-04T09:15:27Z","ipAddress":"999.1.1.1"}` + "\n")
	all := slices.Concat(lines[0], bad, lines[1], lines[2])
	if _, err := Publish(context.Background(), e.js, "entra", bytes.NewReader(all)); err != nil {
		t.Fatal(err)
	}
	c, p := e.consumer(3)
	var errs []error
	c.OnError = func(err error) { errs = append(errs, err) }
	runUntilDone(t, c, p)
	if len(errs) != 1 || c.Stats().Errors != 1 {
		t.Fatalf("errors %v", errs)
	}
	if want := "bonafide.telemetry.entra#2"; !bytes.Contains([]byte(errs[0].Error()), []byte(want)) ||
		!bytes.Contains([]byte(errs[0].Error()), []byte("ipAddress")) {
		t.Errorf("error %q does not name %q and ipAddress", errs[0], want)
	}
	if p.State.Total != 3 {
		t.Errorf("total %d, want 3", p.State.Total)
	}
}

// TestLostDelivery: a delivery that never reaches the client (its consumer sequence is
// skipped) makes the consumer rewind to its checkpoint instead of acking past it.
func TestLostDelivery(t *testing.T) {
	const n = 4000
	in := signins(n)
	ref := reference(t, in)
	e := start(t, t.TempDir())
	defer e.stop()
	if _, err := Publish(context.Background(), e.js, "entra", bytes.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	c, p := e.consumer(n)
	dropped := false
	c.dropDelivery = func(cs uint64) bool {
		if cs == 2500 && !dropped {
			dropped = true
			return true
		}
		return false
	}
	runUntilDone(t, c, p)
	if c.Stats().Resyncs != 1 {
		t.Errorf("Resyncs = %d, want 1", c.Stats().Resyncs)
	}
	assertExactlyOnce(t, p, ref, n)
}
