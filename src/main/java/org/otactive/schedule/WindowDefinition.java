package org.otactive.schedule;

/** A maintenance window definition of a site: a recurring local-time window or a single one. */
public sealed interface WindowDefinition permits RecurringWindow, OneOffWindow {}
