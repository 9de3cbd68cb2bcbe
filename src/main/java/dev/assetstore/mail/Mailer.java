package dev.assetstore.mail;

import java.util.Objects;

/**
 * Sends plain-text mail (share links, issue 4). Implementations block: call them from a virtual
 * thread, never from an event loop.
 */
public interface Mailer {

  /** A single-recipient, plain-text (UTF-8) message. */
  record Message(String to, String subject, String text) {
    public Message {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(text, "text");
      if (to.isBlank()) {
        throw new IllegalArgumentException("recipient is empty");
      }
      // Header values: a line break would let a caller inject headers.
      if (hasLineBreak(to) || hasLineBreak(subject)) {
        throw new IllegalArgumentException("recipient and subject must be a single line");
      }
    }

    private static boolean hasLineBreak(String s) {
      return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
    }
  }

  /** False when no mail server is configured: callers can hide "send by email" options. */
  boolean isConfigured();

  /**
   * Delivers {@code message} to the mail server, blocking until it accepted or refused it.
   *
   * @throws MailException when the message could not be handed over (not configured, server down or
   *     timing out, authentication refused, recipient refused or malformed)
   */
  void send(Message message) throws MailException;

  /** A mailer for a deployment without SMTP: not configured, refuses every message. */
  static Mailer none() {
    return NoMailer.INSTANCE;
  }
}
