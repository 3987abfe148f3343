package dev.pdsaccounts.mail.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A TCP server on loopback that accepts connections and never says a word: an SMTP server as slow as can be.
 * A client talking to it is stuck waiting for the greeting until its own read timeout.
 */
final class StallingServer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> accepted = new ArrayList<>();
    private final Semaphore accepts = new Semaphore(0);
    private final Thread acceptor;

    StallingServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    synchronized (accepted) {
                        accepted.add(s);
                    }
                    accepts.release();
                } catch (IOException e) {
                    return;
                }
            }
        }, "stalling-smtp-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Waits until the server has accepted one more connection; false after 10 s (a guard, not a measure). */
    boolean awaitConnection() throws InterruptedException {
        return accepts.tryAcquire(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (accepted) {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
