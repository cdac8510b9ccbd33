package monitor.opensearch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts a single-node OpenSearch inside this JVM for the integration tests and prints one line,
 * {@code OPENSEARCH_READY http://127.0.0.1:<port>}, once the node answers cluster health.
 *
 * <p>Usage: {@code Launcher --home <dir> --log <file> [setting=value ...]}. Every {@code setting=value}
 * goes into the node's settings (e.g. {@code search.max_buckets=100}). The node stops cleanly on SIGTERM
 * and when stdin closes, so a test run that dies takes its node with it.
 */
public final class Launcher {
    private static final String READY = "OPENSEARCH_READY ";

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        Arguments arguments = Arguments.parse(args);
        // Before any OpenSearch class asks log4j for a logger: the whole log goes to the given file.
        System.setProperty("monitor.opensearch.log", arguments.log.toAbsolutePath().toString());
        System.setProperty("log4j2.configurationFile", "classpath:monitor-opensearch-log4j2.properties");
        // Netty must not set the available processors itself (OpenSearch sets them once, and refuses twice).
        System.setProperty("opensearch.set.netty.runtime.available.processors", "false");

        TestNode node = TestNode.create(arguments.home, arguments.settings);
        Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "opensearch-shutdown"));
        watchStdin();

        String url = node.startAndAddress();
        awaitHealth(url);
        System.out.println(READY + url);
        System.out.flush();
        // The node's threads are all daemons: this thread keeps the JVM up until SIGTERM or stdin's end exits it.
        Thread.currentThread().join();
    }

    /** The test process holds our stdin: when it closes (the process ended, however), the node stops. */
    private static void watchStdin() {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // Nothing is ever sent; only the end matters.
                }
            } catch (IOException ignored) {
                // A broken stdin means the same as a closed one.
            }
            System.exit(0);
        }, "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Polls cluster health over HTTP, as a client would, so "ready" means the REST layer answers. */
    private static void awaitHealth(String url) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/_cluster/health?wait_for_status=yellow&timeout=30s"))
            .timeout(Duration.ofSeconds(40))
            .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("cluster health answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** The command line: the node's home directory, its log file and extra node settings. */
    private record Arguments(Path home, Path log, Map<String, String> settings) {
        static Arguments parse(String[] args) throws IOException {
            Path home = null;
            Path log = null;
            Map<String, String> settings = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--home" -> home = Path.of(args[++i]);
                    case "--log" -> log = Path.of(args[++i]);
                    default -> {
                        int eq = args[i].indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("expected --home <dir>, --log <file> or setting=value, got: " + args[i]);
                        }
                        settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
                    }
                }
            }
            if (home == null || log == null) {
                throw new IllegalArgumentException("usage: Launcher --home <dir> --log <file> [setting=value ...]");
            }
            Files.createDirectories(home);
            Files.createDirectories(log.toAbsolutePath().getParent());
            return new Arguments(home, log, settings);
        }
    }
}
