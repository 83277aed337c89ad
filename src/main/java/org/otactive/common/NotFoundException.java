package org.otactive.common;

/**
 * The thing a command or request names does not exist: a site, a run, a device, a window, a
 * method. Bad input like any other (the command line exits 2); the API answers 404, as a client of
 * a REST API expects for a path that names nothing.
 */
public class NotFoundException extends BadInputException {
  public NotFoundException(String message) {
    super(message);
  }
}
