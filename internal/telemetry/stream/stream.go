// Package stream consumes telemetry from NATS JetStream with exactly-once effect on the
// detection state: a durable pull consumer parses each message (one raw source record), runs it
// through a StatefulProcessor, and checkpoints the processor's snapshot together with the last
// stream sequence before it acknowledges anything.
//
// Layout: one stream (StreamName, file storage, limits retention) over the subjects
// "bonafide.telemetry.<source>" (SubjectPrefix + source); every message is one raw record as
// the vendor exports it (one JSON line, one JSON array element, or one CSV row under its
// header line) with the header "Bonafide-Source: <source>" naming the parser
// (internal/telemetry/ingest.Sources). Publish splits a file into such messages.
//
// Exactly-once: Consumer.Run restores the last checkpoint (Processor.Restore) and
// (re)creates the durable consumer so that delivery resumes at the first stream sequence after
// the checkpoint; it then processes messages in order and, after every Every messages or
// Interval of time, saves Snapshot() plus the last processed stream sequence atomically
// (Checkpoints: a file written via temp file + fsync + rename) and only then acks (AckAll) up
// to that sequence. A crash anywhere loses nothing and counts nothing twice: messages after the
// checkpoint are redelivered and re-processed from the checkpointed state, messages at or
// before it are acked without processing. Embedded runs a nats-server in the process with
// JetStream storage in a folder, for one machine; an external cluster is used by URL.
package stream

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/bonafide-oss/bonafide/bonafide"
	"github.com/bonafide-oss/bonafide/internal/telemetry/ingest"
)

// Names shared by publishers and consumers.
const (
	StreamName    = "BONAFIDE_TELEMETRY"  // the JetStream stream
	SubjectPrefix = "bonafide.telemetry." // subject = SubjectPrefix + source
	HeaderSource  = "Bonafide-Source"     // message header naming the source parser
	DurablePrefix = "bonafide-ingest-"    // durable consumer name = DurablePrefix + source
)

// StatefulProcessor is a Processor whose whole state can be saved and restored: processing
// the events after a snapshot on a processor restored from it must give exactly what processing
// all events on one processor gives. The detection engine (*detect.Engine) satisfies it.
type StatefulProcessor interface {
	ingest.Processor
	Snapshot() ([]byte, error)
	Restore([]byte) error
}

// Subject returns the subject of source's records.
func Subject(source string) string { return SubjectPrefix + source }

// EnsureStream creates (or updates to this configuration) the telemetry stream: subjects
// SubjectPrefix+">", file storage, limits retention, maxAge (0: keep forever).
func EnsureStream(ctx context.Context, js jetstream.JetStream, maxAge time.Duration) (jetstream.Stream, error) {
	s, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:      StreamName,
		Subjects:  []string{SubjectPrefix + ">"},
		Storage:   jetstream.FileStorage,
		Retention: jetstream.LimitsPolicy,
		MaxAge:    maxAge,
	})
	if err != nil {
		return nil, &bonafide.Error{Kind: bonafide.Internal, Op: "stream.EnsureStream", Err: err}
	}
	return s, nil
}

// Embedded is a nats-server with JetStream running inside this process.
type Embedded struct {
	Server *server.Server
}

// StartEmbedded starts a nats-server in the process with JetStream file storage in storeDir.
// listen is "host:port" for outside clients (e.g. "127.0.0.1:4222"; port 0 picks a free one),
// or "" to accept in-process connections only. It waits until the server is ready (30 s at
// most).
func StartEmbedded(storeDir, listen string) (*Embedded, error) {
	opts := &server.Options{
		ServerName: "bonafide",
		JetStream:  true,
		StoreDir:   storeDir,
		NoSigs:     true,
		NoLog:      true,
	}
	if listen == "" {
		opts.DontListen = true
	} else {
		host, port, err := splitHostPort(listen)
		if err != nil {
			return nil, err
		}
		opts.Host, opts.Port = host, port
		if port == 0 {
			opts.Port = server.RANDOM_PORT
		}
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		return nil, &bonafide.Error{Kind: bonafide.Internal, Op: "stream.StartEmbedded", Err: err}
	}
	go ns.Start()
	if !ns.ReadyForConnections(30 * time.Second) {
		ns.Shutdown()
		return nil, bonafide.Errorf(bonafide.Internal, "stream.StartEmbedded", "embedded nats-server not ready after 30s")
	}
	return &Embedded{Server: ns}, nil
}

func splitHostPort(s string) (string, int, error) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return "", 0, bonafide.Errorf(bonafide.Invalid, "stream", "listen address %q is not host:port", s)
	}
	var port int
	if _, err := fmt.Sscanf(s[i+1:], "%d", &port); err != nil || port < 0 || port > 65535 {
		return "", 0, bonafide.Errorf(bonafide.Invalid, "stream", "listen address %q has a bad port", s)
	}
	return strings.Trim(s[:i], "[]"), port, nil
}

// Connect returns an in-process client connection to the embedded server.
func (e *Embedded) Connect() (*nats.Conn, error) {
	nc, err := nats.Connect("", nats.InProcessServer(e.Server), nats.Name("bonafide"))
	if err != nil {
		return nil, &bonafide.Error{Kind: bonafide.Internal, Op: "stream.Connect", Err: err}
	}
	return nc, nil
}

// URL returns the client URL outside processes use ("" when not listening).
func (e *Embedded) URL() string {
	if e.Server.Addr() == nil {
		return ""
	}
	return e.Server.ClientURL()
}

// Shutdown stops the server and waits for it (JetStream data is flushed to storeDir).
func (e *Embedded) Shutdown() {
	e.Server.Shutdown()
	e.Server.WaitForShutdown()
}

// Consumer consumes one source's subject with a durable pull consumer. Set the fields, then
// call Run. A Consumer is used by one goroutine and must be the only consumer of its durable.
type Consumer struct {
	JS        jetstream.JetStream
	Source    string            // a key of ingest.Sources; the subject and durable derive from it
	Processor StatefulProcessor // gets every event exactly once in effect
	Store     Checkpoints       // where checkpoints live
	Every     int               // checkpoint after this many processed messages; 0: 1000
	Interval  time.Duration     // …or after this much time with unsaved progress; 0: 5 s
	Batch     int               // messages per fetch; 0: 256
	OnError   func(error)       // a message that fails to parse (an *bonafide.InputError); nil: ignored. The message counts as processed.
	// OnCheckpoint, when set, runs after each checkpoint is saved and before the messages are
	// acked, on the consumer's goroutine (so it may read the Processor): e.g. store the findings
	// so far. Its error stops Run; the checkpoint stands, so nothing is lost or counted twice.
	OnCheckpoint func(seq uint64) error

	// test hooks: return true to simulate a crash (Run returns errCrash at once, nothing more
	// saved or acked).
	afterProcess    func(processed int64) bool
	afterCheckpoint func(seq uint64) bool
	dropDelivery    func(consumerSeq uint64) bool // true: act as if the delivery never arrived

	stats RunStats
}

// RunStats says what Run did: Messages received, Events processed, Skipped messages (at or
// before the checkpoint), bad messages (Errors), Checkpoints saved, Resyncs (rewinds to the
// checkpoint after a gap in the consumer's delivery sequence) and the last checkpointed stream
// sequence (Seq).
type RunStats struct {
	Messages, Events, Skipped, Errors, Checkpoints, Resyncs int64
	Seq                                                     uint64
}

var errCrash = errors.New("simulated crash")

// Stats returns the counts of the current or last Run.
func (c *Consumer) Stats() RunStats { return c.stats }

// Durable returns the durable consumer name, DurablePrefix + source.
func (c *Consumer) Durable() string { return DurablePrefix + c.Source }

// Run restores the last checkpoint, consumes until ctx is cancelled, then saves a final
// checkpoint, acks, and returns nil. Any other error (server, checkpoint storage, Snapshot)
// stops it without acking past the last checkpoint, so a restart resumes exactly.
func (c *Consumer) Run(ctx context.Context) error {
	const op = "stream.Consumer"
	if c.Every <= 0 {
		c.Every = 1000
	}
	if c.Interval <= 0 {
		c.Interval = 5 * time.Second
	}
	if c.Batch <= 0 {
		c.Batch = 256
	}
	parse, err := ingest.Parser(c.Source)
	if err != nil {
		return err
	}
	c.stats = RunStats{}
	seq, state, ok, err := c.Store.Load()
	if err != nil {
		return err
	}
	if ok {
		if err := c.Processor.Restore(state); err != nil {
			return &bonafide.Error{Kind: bonafide.Internal, Op: op, Msg: "restore checkpoint", Err: err}
		}
	}
	c.stats.Seq = seq
	if _, err := EnsureStream(ctx, c.JS, 0); err != nil {
		return err
	}
	cons, cseq, err := c.consumer(ctx, seq)
	if err != nil {
		return &bonafide.Error{Kind: bonafide.Internal, Op: op, Err: err}
	}

	var (
		lastSeq  = seq         // highest stream sequence processed (or skipped)
		lastMsg  jetstream.Msg // the message carrying lastSeq, to AckAll
		unsaved  int           // messages processed since the checkpoint
		savedAt  = time.Now()
		skipAcks jetstream.Msg // highest skipped message not yet acked
	)
	checkpoint := func() error {
		if unsaved == 0 {
			if skipAcks != nil {
				err := skipAcks.DoubleAck(context.Background())
				skipAcks = nil
				return err
			}
			return nil
		}
		snap, err := c.Processor.Snapshot()
		if err != nil {
			return &bonafide.Error{Kind: bonafide.Internal, Op: op, Msg: "snapshot", Err: err}
		}
		if err := c.Store.Save(lastSeq, snap); err != nil {
			return err
		}
		c.stats.Checkpoints++
		c.stats.Seq = lastSeq
		unsaved = 0
		savedAt = time.Now()
		if c.afterCheckpoint != nil && c.afterCheckpoint(lastSeq) {
			return errCrash
		}
		if c.OnCheckpoint != nil {
			if err := c.OnCheckpoint(lastSeq); err != nil {
				return err
			}
		}
		skipAcks = nil
		if err := lastMsg.DoubleAck(context.Background()); err != nil {
			return &bonafide.Error{Kind: bonafide.Internal, Op: op, Msg: "ack", Err: err}
		}
		return nil
	}

	for {
		if ctx.Err() != nil {
			return checkpoint()
		}
		wait := c.Interval
		if unsaved > 0 {
			wait = max(time.Until(savedAt.Add(c.Interval)), 10*time.Millisecond)
		}
		msgs, err := fetch(ctx, cons, c.Batch, min(wait, time.Second))
		if err != nil {
			if ctx.Err() != nil {
				return checkpoint()
			}
			return &bonafide.Error{Kind: bonafide.Internal, Op: op, Msg: "fetch", Err: err}
		}
		for _, msg := range msgs {
			c.stats.Messages++
			md, err := msg.Metadata()
			if err != nil {
				return &bonafide.Error{Kind: bonafide.Internal, Op: op, Msg: "message metadata", Err: err}
			}
			if c.dropDelivery != nil && c.dropDelivery(md.Sequence.Consumer) {
				continue
			}
			if md.Sequence.Consumer != cseq+1 {
				// A delivery went missing (or came out of order): AckAll past it would lose
				// it, so rewind to the checkpoint and replay from there.
				c.stats.Resyncs++
				seq, state, ok, err := c.Store.Load()
				if err != nil {
					return err
				}
				if ok {
					if err := c.Processor.Restore(state); err != nil {
						return &bonafide.Error{Kind: bonafide.Internal, Op: op, Msg: "restore checkpoint", Err: err}
					}
				} else if seq != 0 || lastSeq != 0 {
					return bonafide.Errorf(bonafide.Internal, op, "lost delivery with no checkpoint to rewind to; restart")
				}
				if cons, cseq, err = c.consumer(ctx, seq); err != nil {
					return &bonafide.Error{Kind: bonafide.Internal, Op: op, Err: err}
				}
				lastSeq, lastMsg, unsaved, skipAcks = seq, nil, 0, nil
				break
			}
			cseq = md.Sequence.Consumer
			s := md.Sequence.Stream
			if s <= lastSeq {
				// At or before the checkpoint (or a redelivery of one processed since): its
				// effect is in the state already.
				c.stats.Skipped++
				if unsaved == 0 {
					skipAcks = msg
				}
				continue
			}
			src := msg.Headers().Get(HeaderSource)
			p := parse
			if src != "" && src != c.Source {
				if p, err = ingest.Parser(src); err != nil {
					p = nil
					c.bad(err)
				}
			}
			if p != nil {
				name := fmt.Sprintf("%s#%d", msg.Subject(), s)
				err := p(bytes.NewReader(msg.Data()), name, func(ev *bonafide.Event) error {
					c.Processor.Process(ev)
					c.stats.Events++
					return nil
				})
				if err != nil {
					c.bad(err)
				}
			}
			lastSeq, lastMsg = s, msg
			unsaved++
			if c.afterProcess != nil && c.afterProcess(c.stats.Messages) {
				return errCrash
			}
			if unsaved >= c.Every {
				if err := checkpoint(); err != nil {
					return err
				}
			}
		}
		if unsaved > 0 && time.Since(savedAt) >= c.Interval || skipAcks != nil {
			if err := checkpoint(); err != nil {
				return err
			}
		}
	}
}

// fetch pulls up to n messages, waiting at most wait for them.
func fetch(ctx context.Context, cons jetstream.Consumer, n int, wait time.Duration) ([]jetstream.Msg, error) {
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait+100*time.Millisecond {
		// Too little time left for a pull request: wait for the end instead.
		<-ctx.Done()
		return nil, ctx.Err()
	}
	fctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	batch, err := cons.Fetch(n, jetstream.FetchContext(fctx))
	if err != nil {
		return nil, err
	}
	var msgs []jetstream.Msg
	for m := range batch.Messages() {
		msgs = append(msgs, m)
	}
	if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) && !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
		return msgs, err
	}
	return msgs, nil
}

func (c *Consumer) bad(err error) {
	c.stats.Errors++
	if c.OnError != nil {
		c.OnError(err)
	}
}

// consumer returns the durable pull consumer, positioned to deliver the first message after
// seq. An existing durable whose acknowledged floor is seq and which has nothing pending is
// reused; otherwise (first run, or a restart after a crash left deliveries unacked or acked
// past a lost checkpoint) it is deleted and created anew starting at seq+1, so redelivery is
// immediate instead of waiting for AckWait to expire.
func (c *Consumer) consumer(ctx context.Context, seq uint64) (jetstream.Consumer, uint64, error) {
	cfg := jetstream.ConsumerConfig{
		Durable:       c.Durable(),
		FilterSubject: Subject(c.Source),
		AckPolicy:     jetstream.AckAllPolicy,
		AckWait:       10 * time.Minute,
		MaxAckPending: -1,
		DeliverPolicy: jetstream.DeliverAllPolicy,
	}
	if seq > 0 {
		cfg.DeliverPolicy = jetstream.DeliverByStartSequencePolicy
		cfg.OptStartSeq = seq + 1
	}
	if cons, err := c.JS.Consumer(ctx, StreamName, c.Durable()); err == nil {
		info, err := cons.Info(ctx)
		if err != nil {
			return nil, 0, err
		}
		if info.NumAckPending == 0 && info.NumRedelivered == 0 && info.AckFloor.Stream == seq && info.Delivered.Stream == seq {
			return cons, info.Delivered.Consumer, nil
		}
		if err := c.JS.DeleteConsumer(ctx, StreamName, c.Durable()); err != nil {
			return nil, 0, err
		}
	} else if !errors.Is(err, jetstream.ErrConsumerNotFound) {
		return nil, 0, err
	}
	cons, err := c.JS.CreateConsumer(ctx, StreamName, cfg)
	if err != nil {
		return nil, 0, err
	}
	return cons, cons.CachedInfo().Delivered.Consumer, nil
}
