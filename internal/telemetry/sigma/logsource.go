package sigma

import (
	"fmt"
	"strings"

	"github.com/bonafide-oss/bonafide/bonafide"
)

// Logsource mapping. A rule's logsource selects the events it runs on:
//
//	category process_creation, process             → Event.Category "process"
//	category network_connection, dns_query, dns,
//	         firewall, proxy, network              → "network"
//	category usb_device, device (bonafide)         → "device"
//	category software_inventory, package (bonafide)→ "package"
//	category session, authentication, configuration→ the ECS category of that name
//	product windows, linux, macos                  → no filter (endpoint events may lack host.os)
//	product azure/entra, okta, google_workspace/gworkspace, osquery → Event.Source entra, okta, gworkspace, osquery
//	service sysmon → Source "sysmon"; service signinlogs → Source "entra" (category authentication
//	if none given); service okta → "okta"
//
// A rule without a category runs on every event of its sources (or on every event). Other
// categories, products and services are a compile error naming the rule file.
var logCategories = map[string]bonafide.EventCategory{
	"process_creation":   bonafide.CategoryProcess,
	"process":            bonafide.CategoryProcess,
	"network_connection": bonafide.CategoryNetwork,
	"dns_query":          bonafide.CategoryNetwork,
	"dns":                bonafide.CategoryNetwork,
	"firewall":           bonafide.CategoryNetwork,
	"proxy":              bonafide.CategoryNetwork,
	"network":            bonafide.CategoryNetwork,
	"usb_device":         bonafide.CategoryDevice,
	"device":             bonafide.CategoryDevice,
	"software_inventory": bonafide.CategoryPackage,
	"package":            bonafide.CategoryPackage,
	"session":            bonafide.CategorySession,
	"authentication":     bonafide.CategoryAuthentication,
	"configuration":      bonafide.CategoryConfiguration,
}

var logProducts = map[string]string{
	"windows": "", "linux": "", "macos": "",
	"azure": "entra", "entra": "entra", "okta": "okta",
	"google_workspace": "gworkspace", "gworkspace": "gworkspace", "osquery": "osquery",
}

var logServices = map[string]string{"sysmon": "sysmon", "signinlogs": "entra", "okta": "okta"}

// categories is the order of Engine's per-category index.
var categories = []bonafide.EventCategory{
	bonafide.CategoryAuthentication, bonafide.CategoryProcess, bonafide.CategoryPackage,
	bonafide.CategoryDevice, bonafide.CategorySession, bonafide.CategoryNetwork,
	bonafide.CategoryConfiguration,
}

// mapLogsource returns the category ("" for any) and source ("" for any) a rule runs on.
func mapLogsource(ls Logsource) (bonafide.EventCategory, string, error) {
	var cat bonafide.EventCategory
	var src string
	if ls.Category != "" {
		c, ok := logCategories[strings.ToLower(ls.Category)]
		if !ok {
			return "", "", fmt.Errorf("unsupported construct: logsource category %q (bonafide has no such events)", ls.Category)
		}
		cat = c
	}
	if ls.Product != "" {
		s, ok := logProducts[strings.ToLower(ls.Product)]
		if !ok {
			return "", "", fmt.Errorf("unsupported construct: logsource product %q", ls.Product)
		}
		src = s
	}
	if ls.Service != "" {
		s, ok := logServices[strings.ToLower(ls.Service)]
		if !ok {
			return "", "", fmt.Errorf("unsupported construct: logsource service %q", ls.Service)
		}
		src = s
		if strings.EqualFold(ls.Service, "signinlogs") && cat == "" {
			cat = bonafide.CategoryAuthentication
		}
	}
	return cat, src, nil
}
