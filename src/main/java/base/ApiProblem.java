package base;

/** A request the daemon refuses: the HTTP status and a message that says what to change. */
public class ApiProblem extends RuntimeException {
    private final int status;

    public ApiProblem(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** Keeps the cause for the daemon log; the client sees only the message. */
    protected ApiProblem(int status, String message, Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiProblem badRequest(String message) {
        return new ApiProblem(400, message);
    }
}
