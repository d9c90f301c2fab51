package io.zero429.testapp.drive;

import java.io.IOException;

/** Sends the Pacer's request once with one client, reads the whole body (body signals are read from it), returns the status. */
interface Send {
    int send(PacerOptions request) throws IOException, InterruptedException;
}
