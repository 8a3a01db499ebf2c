package dev.bulwark.kubernetes.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Every request the stand-in API server decided on, in order, with who sent it and the decision.
 */
public final class ApiAudit {
  /**
   * One decision.
   *
   * @param user who sent the request; null when it carried no valid credentials
   * @param request what it asked for
   * @param allowed whether authentication and authorization let it through
   * @param reason the binding that allowed it, or why it was refused
   */
  public record Entry(UserInfo user, RequestAttributes request, boolean allowed, String reason) {
    @Override
    public String toString() {
      return (allowed ? "allowed " : "REFUSED ")
          + request
          + " for "
          + (user == null ? "anonymous" : user.name())
          + ": "
          + reason;
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  synchronized void record(Entry entry) {
    entries.add(entry);
  }

  /** Every decision so far. */
  public synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** The decisions on requests {@code user} sent. */
  public synchronized List<Entry> by(UserInfo user) {
    return entries.stream()
        .filter(e -> e.user() != null && e.user().name().equals(user.name()))
        .toList();
  }

  /** Every refused request (401 or 403), of anyone. */
  public synchronized List<Entry> refusals() {
    return entries.stream().filter(e -> !e.allowed()).toList();
  }
}
