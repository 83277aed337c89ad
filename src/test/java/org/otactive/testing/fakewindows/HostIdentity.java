package org.otactive.testing.fakewindows;

/** The fake host's name and its one local account. */
record HostIdentity(String computerName, String user, String password) {}
