package org.otactive.schedule;

/** A maintenance window definition of a site: recurring in the site's zone, or one-off. */
public sealed interface WindowDefinition permits RecurringWindow, OneOffWindow {}
