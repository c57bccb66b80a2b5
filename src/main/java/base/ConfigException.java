package base;

/** A setting that cannot be used: the message names the variable and says what to change. */
public class ConfigException extends RuntimeException {
    public ConfigException(String variable, String problem) {
        super(variable + ": " + problem);
    }
}
