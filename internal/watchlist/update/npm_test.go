package update

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bonafide-oss/bonafide/internal/shareddata"
)

// npmTarball packs files into an npm-style tarball (members under package/).
func npmTarball(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for name, body := range files {
		if err := tw.WriteHeader(&tar.Header{Name: "package/" + name, Mode: 0o644, Size: int64(len(body))}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(body))
	}
	tw.Close()
	zw.Close()
	return buf.Bytes()
}

func integrity(b []byte) string {
	h := sha512.Sum512(b)
	return "sha512-" + base64.StdEncoding.EncodeToString(h[:])
}

// TestNPMTarball: IP-ASN is fetched through the npm registry's metadata (latest version's
// tarball), verified against its sha512 integrity and read by the IP reader; a tampered
// tarball fails and keeps the previous file.
func TestNPMTarball(t *testing.T) {
	srv := newServer(t)
	tgz := npmTarball(t, map[string]string{
		"asn-ipv4.csv": "8.8.8.0,8.8.8.255,15169,Google LLC\n185.65.134.0,185.65.134.255,39351,31173 Services AB\n",
		"asn-ipv6.csv": "2001:4860::,2001:4860:ffff:ffff:ffff:ffff:ffff:ffff,15169,Google LLC\n",
	})
	srv.set("/asn-2.3.2026112901.tgz", tgz)
	meta := func(integ string) []byte {
		return []byte(`{"name":"@ip-location-db/asn","version":"2.3.2026112901","dist":{"tarball":"` + srv.URL + `/asn-2.3.2026112901.tgz","integrity":"` + integ + `"}}`)
	}
	srv.set("/meta", meta(integrity(tgz)))
	src := pick(srv.URL, "IP-ASN")
	src[0].Files[0].URL = srv.URL + "/meta"
	dir := t.TempDir()
	opts := Options{Dir: dir, Sources: src, Client: http.DefaultClient, Now: fixedNow}
	res, err := Update(context.Background(), opts)
	if err != nil || res[0].Err != nil || res[0].Status != StatusUpdated || res[0].Entries != 3 {
		t.Fatalf("first update: %+v, %v", res, err)
	}
	stored := filepath.Join(dir, "ip", "ip-location-db-asn-latest.tgz")
	if !bytes.Equal(read(t, stored), tgz) {
		t.Fatal("tarball not stored under its fixed name")
	}
	// Same version again: a conditional GET, unchanged.
	if res, _ := Update(context.Background(), opts); res[0].Status != StatusUnchanged {
		t.Errorf("second update: %+v", res[0])
	}
	// A new version whose bytes do not match the registry's integrity: refused, old file kept.
	bad := npmTarball(t, map[string]string{"asn-ipv4.csv": "1.1.1.0,1.1.1.255,13335,Cloudflare\n"})
	srv.set("/asn-2.3.2026113001.tgz", bad)
	srv.set("/meta", []byte(strings.ReplaceAll(string(meta(integrity(tgz))), "2026112901.tgz", "2026113001.tgz")))
	res, _ = Update(context.Background(), opts)
	if res[0].Err == nil || !strings.Contains(res[0].Err.Error(), "integrity mismatch") {
		t.Errorf("tampered tarball: %+v", res[0])
	}
	if !bytes.Equal(read(t, stored), tgz) {
		t.Error("previous tarball not kept")
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("left behind: %v", l)
	}
}

// TestImportVersionedNames: --from the shared data folder takes the versioned IP tarballs
// (newest name) and the X4BNet lists, and validates them with the IP reader.
func TestImportVersionedNames(t *testing.T) {
	shareddata.Path(t, "ip/ip-location-db-asn-2.3.2026061719.tgz")
	shareddata.Path(t, "network/x4bnet/input/vpn/ASN.txt")
	dir := t.TempDir()
	var src []Source
	for _, s := range Sources() {
		if s.Name == "IP-COUNTRY" || s.Name == "IP-ASN" || s.Name == "X4BNET" {
			src = append(src, s)
		}
	}
	res, err := Update(context.Background(), Options{Dir: dir, Sources: src, From: shareddata.Dir(), Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Err != nil || r.Status != StatusImported || r.Entries < 1000 {
			t.Errorf("%s: %+v", r.Name, r)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "ip", "ip-location-db-asn-2.3.2026061719.tgz")); err != nil {
		t.Errorf("versioned name not kept on import: %v", err)
	}
	st, err := Status(dir, src)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st {
		if !s.Present || s.Entries < 1000 {
			t.Errorf("status of %s: %+v", s.Name, s)
		}
	}
}

// TestImportChecksPublishedDigest: an import of the OFAC list checks the publisher's checksum
// file beside it (SHA-256 of the XML, also when the copy is bzip2-compressed); a mismatch
// keeps the list out.
func TestImportChecksPublishedDigest(t *testing.T) {
	fixture := filepath.Join("..", "ofac", "testdata", "sdn_advanced_small.xml.bz2")
	xml := filepath.Join("..", "ofac", "testdata", "sdn_advanced_small.xml")
	var src []Source
	for _, s := range Sources() {
		if s.Name == "OFAC-SDN" {
			src = append(src, s)
		}
	}
	for _, tc := range []struct {
		name   string
		digest func() string
		ok     bool
	}{
		{"matching", func() string { h := sha256.Sum256(read(t, xml)); return hex.EncodeToString(h[:]) }, true},
		{"mismatch", func() string { return strings.Repeat("ab", 32) }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			from, dir := t.TempDir(), t.TempDir()
			os.MkdirAll(filepath.Join(from, "sanctions", "ofac"), 0o755)
			os.WriteFile(filepath.Join(from, "sanctions", "ofac", "sdn_advanced.xml.bz2"), read(t, fixture), 0o644)
			os.WriteFile(filepath.Join(from, "sanctions", "ofac", "sdn_advanced_checksum.txt"), []byte("SHA256(sdn_advanced.xml) = "+tc.digest()+"\n"), 0o644)
			res, err := Update(context.Background(), Options{Dir: dir, Sources: src, From: from, Now: fixedNow})
			if err != nil {
				t.Fatal(err)
			}
			_, statErr := os.Stat(filepath.Join(dir, "sanctions", "ofac", "sdn_advanced.xml.bz2"))
			if tc.ok && (res[0].Err != nil || statErr != nil) {
				t.Errorf("matching digest: %+v, %v", res[0], statErr)
			}
			if !tc.ok && (res[0].Err == nil || !strings.Contains(res[0].Err.Error(), "differs from the published") || statErr == nil) {
				t.Errorf("mismatch: %+v, file imported: %v", res[0], statErr == nil)
			}
		})
	}
}
