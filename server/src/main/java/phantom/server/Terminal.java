package phantom.server;

import java.io.Console;

/** Whether Phantom talks to a person at a terminal, rather than to a pipe, a file or a service log. */
final class Terminal {
    private Terminal() {
    }

    /**
     * True when standard input and output are a terminal. On JDK 22 and later {@link System#console()}
     * also exists when they are redirected, and {@code Console.isTerminal()} tells; on JDK 21 a
     * console exists only on a terminal.
     */
    static boolean interactive() {
        Console c = System.console();
        if (c == null) return false;
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (NoSuchMethodException jdk21) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
