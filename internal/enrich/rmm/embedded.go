package rmm

// embedded is the built-in catalogue: the remote-access tools most often named in DPRK
// IT-worker and laptop-farm reporting (MAND24 lists AnyDesk, TeamViewer, Chrome Remote Desktop,
// RustDesk and others), with executable names and domains taken from each vendor's public
// documentation and support pages and cross-checked against the LOLRMM entry of the same tool
// (magicsword-io/LOLRMM @ 3c75cf09; every executable name and domain below also appears
// there, which TestEmbeddedInLOLRMM checks). It lacks the ~300 other LOLRMM tools, their install-path globs
// and most of their domains; Load the LOLRMM file for full coverage.
var embedded = []struct {
	name    string
	exes    []string
	domains []string
}{
	{"AnyDesk", []string{"AnyDesk.exe"}, []string{"*.anydesk.com", "boot.net.anydesk.com"}},
	{"TeamViewer", []string{"TeamViewer.exe", "TeamViewer_Service.exe", "teamviewer_desktop.exe"}, []string{"*.teamviewer.com"}},
	{"Chrome Remote Desktop", []string{"remoting_host.exe", "remote_host.exe"}, []string{"remotedesktop.google.com", "*.remotedesktop.google.com", "remotedesktop-pa.googleapis.com"}},
	{"RustDesk", []string{"rustdesk.exe"}, []string{"rustdesk.com", "web.rustdesk.com", "api.rustdesk.com", "rs-ny.rustdesk.com"}},
	{"Splashtop", []string{"SRService.exe", "SRManager.exe", "SRServer.exe", "strwinclt.exe"}, []string{"*.splashtop.com"}},
	{"ScreenConnect", []string{"ScreenConnect.ClientService.exe", "ScreenConnect.WindowsClient.exe"}, []string{"*.screenconnect.com"}},
	{"LogMeIn", []string{"LogMeIn.exe", "LMIGuardianSvc.exe"}, []string{"*.logmein.com"}},
	{"Atera", []string{"AteraAgent.exe"}, []string{"app.atera.com", "agent-api.atera.com", "agentreporting.atera.com"}},
	{"NinjaOne", []string{"NinjaRMMAgent.exe"}, []string{"*.ninjarmm.com", "*.ninjaone.com"}},
	{"Zoho Assist", []string{"ZAService.exe"}, []string{"*.zohoassist.com"}},
	{"RealVNC", []string{"vncserver.exe", "vncviewer.exe"}, nil},
	{"TightVNC", []string{"tvnserver.exe", "tvnviewer.exe"}, nil},
	{"UltraVNC", []string{"winvnc.exe"}, nil},
	{"Parsec", []string{"parsecd.exe", "pservice.exe"}, []string{"*.parsec.app", "parsec.app"}},
	{"Ammyy Admin", []string{"AA_v3.exe", "ammyy_admin.exe"}, []string{"*.ammyy.com"}},
	{"Supremo", []string{"Supremo.exe", "SupremoService.exe"}, []string{"*.supremocontrol.com"}},
	{"HopToDesk", []string{"HopToDesk.exe"}, []string{"hoptodesk.com", "api.hoptodesk.com", "signal.hoptodesk.com"}},
	{"Remote Utilities", []string{"rutserv.exe"}, nil},
	{"MeshCentral", []string{"meshagent.exe"}, nil},
}
