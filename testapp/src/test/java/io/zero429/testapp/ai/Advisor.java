package io.zero429.testapp.ai;

/** One AI API, asked for trading advice through its official SDK with the SDK's defaults (retries included). */
interface Advisor extends AutoCloseable {
    /** Asks once; returns the model's text, or throws what the SDK throws. */
    String ask(String question) throws Exception;

    @Override
    void close();
}
