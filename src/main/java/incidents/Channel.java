package incidents;

/** A way to reach an operator (Telegram, email). It never throws and never retries: the pager does. */
public interface Channel {
    String name();

    SendResult send(Page page);
}
