package enrich

import (
	"errors"
	"github.com/bonafide-oss/bonafide/internal/shareddata"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/bonafide"
)

func TestEmbeddedClass(t *testing.T) {
	d := Embedded()
	tests := []struct {
		domain, want string
	}{
		{"mailinator.com", Disposable},
		{"x.mailinator.com", Disposable},
		{"a.b.mailinator.com", Disposable},
		{"MAILINATOR.COM.", Disposable},
		{"guerrillamail.de", Disposable},
		{"10minutemail.com", Disposable},
		{"yopmail.com", Disposable},
		{"temp-mail.org", Disposable},
		{"gmail.com", Freemail},
		{"googlemail.com", Freemail},
		{"proton.me", Freemail},
		{"gmx.de", Freemail},
		{"web.de", Freemail},
		{"t-online.de", Freemail},
		{"sapo.pt", Freemail},
		{"mail.ru", Freemail},
		{"qq.com", Freemail},
		{"naver.com", Freemail},
		{"hotmail.co.uk", Freemail},
		{"nordwind.de", ""},
		{"mailinator.com.evil.example", ""},
		{"notgmail.com", ""},
		{"com", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := d.Class(tt.domain); got != tt.want {
			t.Errorf("Class(%q) = %q, want %q", tt.domain, got, tt.want)
		}
	}
	disp, free := d.Counts()
	if disp < 100 || free < 90 {
		t.Errorf("Counts() = %d, %d; want about a hundred of each", disp, free)
	}
	if ds, fs := d.Skipped(); ds != 0 || fs != 0 {
		t.Errorf("Skipped() = %d, %d; embedded lists must be clean", ds, fs)
	}
	if d.Source() != "embedded" {
		t.Errorf("Source() = %q", d.Source())
	}
	// The embedded classes must not overlap: a domain is one or the other.
	for dom := range d.freemail {
		if _, ok := d.disposable[dom]; ok {
			t.Errorf("%s is on both embedded lists", dom)
		}
	}
}

func TestDisposableWins(t *testing.T) {
	dir := t.TempDir()
	disp := filepath.Join(dir, "d.conf")
	free := filepath.Join(dir, "f.txt")
	write(t, disp, "# comment\nboth.example\n\n  Spaced.Example  \n")
	write(t, free, "both.example\nfree.example # inline comment\n404: not found\nsinglelabel\nbad_label.example\n-bad.example\n")
	d, err := Load(disp, free)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ domain, want string }{
		{"both.example", Disposable},
		{"sub.both.example", Disposable},
		{"spaced.example", Disposable},
		{"free.example", Freemail},
		{"gmail.com", Freemail}, // the embedded list stays as a floor under the file
		{"singlelabel", ""},
	}
	for _, tt := range tests {
		if got := d.Class(tt.domain); got != tt.want {
			t.Errorf("Class(%q) = %q, want %q", tt.domain, got, tt.want)
		}
	}
	ed, ef := Embedded().Counts()
	if dc, fc := d.Counts(); dc != ed+2 || fc != ef+2 {
		t.Errorf("Counts() = %d, %d, want embedded + 2 each (%d, %d)", dc, fc, ed+2, ef+2)
	}
	if ds, fs := d.Skipped(); ds != 0 || fs != 4 {
		t.Errorf("Skipped() = %d, %d, want 0, 4", ds, fs)
	}
	want := "disposable=" + disp + ", freemail=" + free
	if d.Source() != want {
		t.Errorf("Source() = %q, want %q", d.Source(), want)
	}
}

func TestLoadKeepsEmbeddedForEmptyPath(t *testing.T) {
	dir := t.TempDir()
	free := filepath.Join(dir, "f.txt")
	write(t, free, "example.org\n")
	d, err := Load("", free)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Class("mailinator.com"); got != Disposable {
		t.Errorf("embedded disposable list lost: Class = %q", got)
	}
	if got := d.Source(); got != "disposable=embedded, freemail="+free {
		t.Errorf("Source() = %q", got)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	write(t, empty, "# only comments\n\n<html>404</html>\n")
	long := filepath.Join(dir, "long.txt")
	write(t, long, "ok.example\n"+strings.Repeat("a", maxLine+10)+"\n")

	_, err := Load(filepath.Join(dir, "missing.conf"), "")
	if bonafide.KindOf(err) != bonafide.NotFound {
		t.Errorf("missing file: err = %v (kind %s), want NotFound", err, bonafide.KindOf(err))
	}
	_, err = Load("", empty)
	var ie *bonafide.InputError
	if !errors.As(err, &ie) || ie.File != empty || !strings.Contains(err.Error(), "no domain names") {
		t.Errorf("empty list: err = %v", err)
	}
	_, err = Load(long, "")
	if !errors.As(err, &ie) || ie.Line != 2 {
		t.Errorf("over-long line: err = %v, want InputError at line 2", err)
	}
}

func TestLoadRealLists(t *testing.T) {
	disp := shareddata.Path(t, "email/disposable_email_blocklist.conf")
	free := shareddata.Path(t, "email/freemail.txt")
	d, err := Load(disp, free)
	if err != nil {
		t.Fatal(err)
	}
	// The data README counts lines: 8,335 and 4,466. Every blocklist line is a domain; the
	// free-mail list has 4 lines that are not ("404: not found" and three words without a dot).
	// The embedded lists are merged in as a floor: the disposable file already holds every
	// embedded domain; the 2020 free-mail file lacks 16 of the embedded ones (proton.me, …).
	dc, fc := d.Counts()
	ds, fs := d.Skipped()
	if dc != 8335 || ds != 0 {
		t.Errorf("disposable: %d domains, %d skipped; want 8335, 0", dc, ds)
	}
	if fc != 4462+16 || fs != 4 {
		t.Errorf("freemail: %d domains, %d skipped; want 4478 (4462 from the file + 16 embedded), 4", fc, fs)
	}
	tests := []struct{ domain, want string }{
		{"mailinator.com", Disposable},
		{"inbox.mailinator.com", Disposable},
		{"0-mail.com", Disposable},
		{"sofortmail.de", Disposable}, // on both lists: disposable wins
		{"99.com", Disposable},
		{"gmail.com", Freemail},
		{"gmx.de", Freemail},
		{"sapo.pt", Freemail},
		{"protonmail.com", Freemail},
		{"proton.me", Freemail}, // not in the 2020 file; the embedded floor has it
		{"bonafide.example", ""},
	}
	for _, tt := range tests {
		if got := d.Class(tt.domain); got != tt.want {
			t.Errorf("Class(%q) = %q, want %q", tt.domain, got, tt.want)
		}
	}
	// Every embedded disposable domain is on the public blocklist.
	for dom := range Embedded().disposable {
		if d.Class(dom) != Disposable {
			t.Errorf("embedded disposable %s is not on the public blocklist", dom)
		}
	}
}

func FuzzParseList(f *testing.F) {
	f.Add("mailinator.com\n# c\nX.Example.\n")
	f.Add("404: not found\n")
	f.Add("a..b\n-a.b\nxn--bcher-kva.example\n")
	f.Fuzz(func(t *testing.T, s string) {
		m, skipped, err := parseList(strings.NewReader(s), "fuzz")
		if err != nil {
			return
		}
		if skipped < 0 || len(m) == 0 {
			t.Fatalf("parseList: %d domains, %d skipped, no error", len(m), skipped)
		}
		d := &Domains{disposable: m, freemail: map[string]struct{}{}}
		for dom := range m {
			if c, ok := canonicalDomain(dom); !ok || c != dom {
				t.Fatalf("stored %q is not canonical", dom)
			}
			if d.Class(dom) != Disposable || d.Class("sub."+dom) != Disposable {
				t.Fatalf("%q not classified", dom)
			}
		}
	})
}

func FuzzClass(f *testing.F) {
	f.Add("x.mailinator.com")
	f.Add("...")
	f.Add("GMAIL.COM.")
	d := Embedded()
	f.Fuzz(func(t *testing.T, s string) {
		switch c := d.Class(s); c {
		case "", Disposable, Freemail:
		default:
			t.Fatalf("Class(%q) = %q", s, c)
		}
	})
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
