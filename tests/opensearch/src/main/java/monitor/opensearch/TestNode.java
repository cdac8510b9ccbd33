package monitor.opensearch;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.common.transport.TransportAddress;
import org.opensearch.env.Environment;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * An OpenSearch node whose modules (HTTP/transport, common analysis, painless) are plugin classes on our
 * classpath, not directories under modules/: only the protected Node constructor takes them that way.
 */
final class TestNode extends Node {
    private static final List<Class<? extends Plugin>> MODULES = List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, PainlessPlugin.class);

    private TestNode(Environment environment) {
        super(environment, MODULES, true);
    }

    static TestNode create(Path home, Map<String, String> extraSettings) {
        Settings.Builder settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "mlops-monitor-test")
            .put("node.name", "test-node")
            .put("discovery.type", "single-node")
            // Loopback only: production bootstrap checks do not apply and nothing outside this machine sees it.
            .put("network.host", "127.0.0.1")
            .put("http.port", "0")
            .put("transport.port", "0")
            // A nearly full test disk must not make the index read-only halfway through a run.
            .put("cluster.routing.allocation.disk.threshold_enabled", "false");
        extraSettings.forEach(settings::put);
        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings.build(), Map.of(), home.resolve("config"), () -> "test-node");
        return new TestNode(environment);
    }

    /** Starts the node and gives its HTTP address as a URL. */
    String startAndAddress() throws Exception {
        start();
        TransportAddress address = injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress();
        return "http://" + address.getAddress() + ":" + address.getPort();
    }

    /** Closes the node and waits a bounded time for it (from the shutdown hook, so never throws). */
    void stop() {
        try {
            close();
            awaitClose(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        }
    }
}
