package org.otactive.cli;

/** How a listing is written. */
public enum OutputFormat {
  TABLE,
  CSV,
  JSON
}
