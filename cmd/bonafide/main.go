// Command bonafide establishes the bona fides of remote hires: it screens applicants and
// employees for the red flags of DPRK IT-worker schemes and explains every finding.
//
// main is the table of contents: run parses the subcommand and each subcommand's file builds its
// dependencies with visible constructor calls.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Exit codes, by error kind.
const (
	exitOK       = 0
	exitInternal = 1
	exitUsage    = 2
	exitInvalid  = 3
	exitNotFound = 4
	exitConflict = 5
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// env is how subcommands read the process environment (a function, so tests pass their own).
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// reportedUsageError is a flag error the flag package has already printed with the usage; it
// exits 2 without printing again.
type reportedUsageError struct{ err error }

func (e reportedUsageError) Error() string { return e.err.Error() }
func (e reportedUsageError) Unwrap() error { return e.err }

// usageError is a command-line mistake; it exits 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

const usage = `bonafide establishes the bona fides of remote hires.

Usage:
  bonafide scan [flags] DIR|FILE...   import applicants, run every check, rank and explain
  bonafide graph [--format cytoscape|graphml] [-o FILE]
                                       export the persona networks among everyone stored
  bonafide screen [--data DIR] [--dob DATE] NAME|FILE...
                                       screen names against every sanctions list held
  bonafide lists update [--from DIR]   download (or import) the sanctions and reference lists;
                                       stored people are re-screened when a list changed
  bonafide lists status                show each list's version, date and entry count
  bonafide rescreen                    screen everyone stored again against the current lists
  bonafide dispose PERSON LIST ENTRY --reason TEXT
                                       mark a watchlist hit a false positive (or confirmed)
  bonafide ingest --source NAME [--hr CSV] FILE|-   telemetry logs → findings (also --stream, --publish)
  bonafide hr import FILE | hr list    store (or show) the HR roster telemetry is compared with
  bonafide rules [--export DIR] [--check FILE...]
                                       bonafide's telemetry detections as Sigma YAML, for SIEMs
  bonafide version                     print the version

Run 'bonafide COMMAND -h' for a command's flags.
`

// run is the whole program: it never calls os.Exit, so tests can call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"no command given"}
	}
	switch args[0] {
	case "scan":
		return runScan(ctx, e, args[1:])
	case "lists":
		return runLists(ctx, e, args[1:])
	case "graph":
		return runGraph(ctx, e, args[1:])
	case "screen":
		return runScreen(ctx, e, args[1:])
	case "rescreen":
		return runRescreen(ctx, e, args[1:])
	case "dispose":
		return runDispose(ctx, e, args[1:])
	case "rules":
		return runRules(ctx, e, args[1:])
	case "hr":
		return runHR(ctx, e, args[1:])
	case "ingest":
		return runIngest(ctx, e, args[1:])
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "bonafide", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
}

var version = "0.1.0-dev"

// exitCode prints err (if any) and maps its kind to an exit code.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	var re reportedUsageError
	if errors.As(err, &re) {
		return exitUsage
	}
	fmt.Fprintln(stderr, "bonafide:", err)
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	switch bonafide.KindOf(err) {
	case bonafide.Invalid:
		return exitInvalid
	case bonafide.NotFound:
		return exitNotFound
	case bonafide.Conflict:
		return exitConflict
	default:
		return exitInternal
	}
}

// newFlagSet returns a flag set that reports to stderr and returns errors instead of exiting.
func newFlagSet(e env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: bonafide %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args with fs, allowing flags after positional arguments
// ("scan examples --data DIR" as well as "scan --data DIR examples"); "--" ends flag parsing.
// It returns the positional arguments in order.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, reportedUsageError{err} // the flag package has printed it and the usage
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
