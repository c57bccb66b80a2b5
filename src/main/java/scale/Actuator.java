package scale;

/** Whatever makes the app run N workers. Throws ActuatorException when the change was not accepted. */
public interface Actuator {
    void send(int workers);

    /** Where it sends, safe to show (no secrets). */
    String describe();

    /** The actuator did not accept the change; the message says why, without secrets. */
    final class ActuatorException extends RuntimeException {
        public ActuatorException(String message) {
            super(message, null, false, false);
        }
    }
}
