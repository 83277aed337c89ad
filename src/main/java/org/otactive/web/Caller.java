package org.otactive.web;

import org.otactive.access.Channel;
import org.otactive.access.User;
import org.otactive.supervise.Accounts;

/**
 * Who sent a request and through which channel: a console session (its pages and forms: channel
 * console; its JSON calls: channel api), or an API token (channel api).
 *
 * @param session the console session, or null for a token
 */
record Caller(User user, Channel channel, Accounts.Session session) {
  String name() {
    return user.name();
  }
}
