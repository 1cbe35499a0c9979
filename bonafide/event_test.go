package bonafide

import (
	"net/netip"
	"testing"
	"time"
)

func TestEventFieldsAllHaveGetters(t *testing.T) {
	if len(EventFields) != len(eventGetters) {
		t.Fatalf("EventFields has %d names, getters %d", len(EventFields), len(eventGetters))
	}
	for _, f := range EventFields {
		if _, ok := FieldGetter(f); !ok {
			t.Errorf("no getter for %s", f)
		}
	}
	if _, ok := FieldGetter("no.such"); ok {
		t.Error("unknown field answered")
	}
}

func TestEventField(t *testing.T) {
	yes := true
	e := &Event{
		Timestamp: time.Date(2026, 3, 2, 1, 4, 5, 0, time.UTC), SourceIP: netip.MustParseAddr("203.0.113.7"),
		SourceASN: 9009, ProcessName: "AnyDesk.exe", HostManaged: &yes, Extra: map[string]string{"conditionalAccessStatus": "notApplied"},
	}
	for name, want := range map[string]string{
		"@timestamp": "2026-03-02T01:04:05Z", "source.ip": "203.0.113.7", "source.as.number": "9009",
		"process.name": "AnyDesk.exe", "host.managed": "true", "source.port": "", "destination.ip": "",
		"extra.conditionalAccessStatus": "notApplied", "extra.missing": "", "bogus": "",
	} {
		if got := e.Field(name); got != want {
			t.Errorf("Field(%q) = %q, want %q", name, got, want)
		}
	}
}
