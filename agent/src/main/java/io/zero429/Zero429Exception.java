package io.zero429;

import java.io.IOException;

/**
 * Base of every failure zero429 makes the application see. It is an {@link IOException} so that code written
 * for network errors already handles it; each subclass's message names the limiter, its limits and the wait.
 */
public abstract class Zero429Exception extends IOException {
    private static final long serialVersionUID = 1L;

    protected Zero429Exception(String message) {
        super(message);
    }
}
