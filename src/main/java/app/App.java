package app;

/** The daemon: Camel Main with this project's configuration class. */
public final class App {
    private App() {
    }

    public static void main(String[] args) {
        System.exit(new Daemon().run(args));
    }
}
