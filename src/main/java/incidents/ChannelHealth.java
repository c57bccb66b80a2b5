package incidents;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Whether each channel keeps failing: a channel is failing once {@code threshold} attempts in a
 * row failed for a reason about the channel (connection, 5xx, 429, credentials), and ok again at
 * its next delivery. A refused message says nothing about the channel and changes nothing here.
 */
public final class ChannelHealth {
    private final int threshold;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    /** One channel's record: failures in a row, since when, the last error, the last delivery. */
    public record State(int failuresInARow, Instant firstFailure, String lastError, Instant lastDelivered) {
        static final State NEW = new State(0, null, null, null);
    }

    public ChannelHealth(int threshold) {
        this.threshold = Math.max(1, threshold);
    }

    void record(String channel, SendResult result, Instant at) {
        states.compute(channel, (name, s) -> {
            State was = s == null ? State.NEW : s;
            if (result.ok()) {
                return new State(0, null, null, at);
            }
            if (!result.channelDown()) {
                return was;
            }
            return new State(was.failuresInARow() + 1, was.firstFailure() == null ? at : was.firstFailure(),
                    result.error(), was.lastDelivered());
        });
    }

    /** Why the channel counts as failing, or empty when it does not. */
    public Optional<String> problem(String channel) {
        State s = states.get(channel);
        if (s == null || s.failuresInARow() < threshold) {
            return Optional.empty();
        }
        return Optional.of(channel + " has failed " + s.failuresInARow() + " attempts in a row since " + s.firstFailure()
                + " (last error: " + s.lastError() + "); pages wait in the outbox. Check the channel's settings and server");
    }

    public boolean failing(String channel) {
        return problem(channel).isPresent();
    }

    /** Why any of the channels counts as failing, or empty when none does. */
    public Optional<String> problem(List<String> channels) {
        List<String> problems = channels.stream().map(this::problem).flatMap(Optional::stream).toList();
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /** The summary's view of these channels: state, failures in a row, since when, last error, last delivery. */
    public Map<String, Described> describe(List<String> channels) {
        Map<String, Described> out = new java.util.TreeMap<>();
        channels.forEach(name -> {
            State s = states.getOrDefault(name, State.NEW);
            out.put(name, new Described(failing(name) ? "failing" : "ok", s.failuresInARow(),
                    s.firstFailure() == null ? null : s.firstFailure().toString(), s.lastError(),
                    s.lastDelivered() == null ? null : s.lastDelivered().toString()));
        });
        return out;
    }

    /** One channel's delivery state as the summary shows it. */
    public record Described(String state, @JsonProperty("failures_in_a_row") int failuresInARow, String failingSince, String lastError, String lastDeliveredAt) {
    }
}
