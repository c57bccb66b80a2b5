package incidents.camel;

import java.util.concurrent.atomic.AtomicLong;

import incidents.SecretScrubber;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exception handler of the Telegram button poller's consumer: camel-telegram puts the bot
 * token in its error message (the getUpdates URL), so a failed poll is logged here with the
 * token scrubbed, at most once a minute (the poller tries again every TELEGRAM_POLL_MS).
 */
public final class TelegramPollErrors implements ExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TelegramPollErrors.class);
    static final long QUIET_MS = 60_000;
    private final SecretScrubber scrubber;
    private final AtomicLong lastLogged = new AtomicLong();

    public TelegramPollErrors(SecretScrubber scrubber) {
        this.scrubber = scrubber;
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        long now = System.currentTimeMillis();
        long last = lastLogged.get();
        if (now - last >= QUIET_MS && lastLogged.compareAndSet(last, now)) {
            LOG.warn("Telegram button poller: getUpdates failed ({}); buttons are not received until it works again"
                    + " (next report in a minute at the earliest)", scrubber.scrub(String.valueOf(exception.getMessage())));
        }
    }
}
