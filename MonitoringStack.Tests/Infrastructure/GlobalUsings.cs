// The shared helpers (one of each kind) are meant for every test folder, so every file sees them.
global using MonitoringStack.Tests.Infrastructure;
