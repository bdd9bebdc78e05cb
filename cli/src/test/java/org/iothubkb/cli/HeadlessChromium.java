package org.iothubkb.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * A headless Chromium for tests, driven over the Chrome DevTools Protocol (CDP) with the JDK's WebSocket client.
 *
 * <p>{@link #start(Path)} launches the browser with {@link #FLAGS} and a fresh temporary profile, reads the
 * {@code DevTools listening on ws://…} line it prints, and connects to that address. {@link #newPage()} opens a tab
 * that records console errors, uncaught exceptions, error log entries and every request leaving the page, so a test
 * can prove that a self-contained HTML file renders cleanly and fetches nothing.
 *
 * <p>Every wait is bounded by the timeout given at start (30 s by default): a stuck or dead browser fails the test
 * with the tail of the browser's output instead of hanging the build. {@link #close()} kills the whole process tree
 * and deletes the profile, whether or not the browser still answers.
 *
 * <p>Not thread-safe for callers: one test thread drives one instance; pages may be opened one after another.
 */
final class HeadlessChromium implements AutoCloseable {

    /** System property naming the browser executable; wins over {@link #EXECUTABLE_ENV} and the PATH. */
    static final String EXECUTABLE_PROPERTY = "iothubkb.chromium";

    /** Environment variable naming the browser executable; wins over the PATH. */
    static final String EXECUTABLE_ENV = "IOTHUB_KB_CHROMIUM";

    /** System property that turns "no browser found" from a skipped test into a failed one (set by CI). */
    static final String REQUIRED_PROPERTY = "iothubkb.chromium.required";

    /** Names looked up on the PATH, in this order. */
    static final List<String> NAMES_ON_PATH = List.of("chromium", "chromium-browser", "google-chrome");

    /**
     * The command-line flags every browser gets, besides the profile folder. {@code --no-sandbox} because test
     * machines and containers often run as root, where the sandbox refuses to start; port 0 lets the browser pick a
     * free port, which it then prints.
     */
    static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--remote-debugging-port=0", "--no-first-run", "--no-default-browser-check",
            // A desktop window, not headless mode's 800 px default: pages are laid out and shot as people see them.
            "--window-size=1280,1000");

    /** How long any single wait lasts unless {@link #start(Path, Duration)} says otherwise. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final String LISTENING = "DevTools listening on ";
    private static final int TAIL_LINES = 60;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final ObjectMapper json = new ObjectMapper();
    private final Process process;
    private final Path profile;
    private final Duration timeout;
    private final Deque<String> outputTail = new ArrayDeque<>();
    private final CompletableFuture<URI> devToolsAddress = new CompletableFuture<>();
    private final CompletableFuture<Void> outputEnded = new CompletableFuture<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<String, Page> pagesBySession = new ConcurrentHashMap<>();
    private final Set<ProcessHandle> tree = ConcurrentHashMap.newKeySet();
    private volatile WebSocket socket;
    private volatile String lostReason;

    private HeadlessChromium(Process process, Path profile, Duration timeout) {
        this.process = process;
        this.profile = profile;
        this.timeout = timeout;
    }

    /**
     * Finds the browser: the {@value #EXECUTABLE_PROPERTY} system property, else the {@value #EXECUTABLE_ENV}
     * environment variable, else the first of {@link #NAMES_ON_PATH} that is executable on the PATH.
     *
     * @return the executable, or empty when none is configured or on the PATH
     * @throws IllegalStateException when the property or variable names something that is not an executable file:
     *         a wrong explicit setting fails rather than skipping the browser tests
     */
    static Optional<Path> locate() {
        String configured = System.getProperty(EXECUTABLE_PROPERTY);
        String from = "system property [" + EXECUTABLE_PROPERTY + "]";
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(EXECUTABLE_ENV);
            from = "environment variable [" + EXECUTABLE_ENV + "]";
        }
        return locate(configured, from, System.getenv("PATH"));
    }

    /** {@link #locate()} with its inputs given, for tests: {@code configured} may be {@code null} or blank. */
    static Optional<Path> locate(String configured, String configuredFrom, String pathVariable) {
        if (configured != null && !configured.isBlank()) {
            Path exe = Path.of(configured.strip());
            if (!Files.isRegularFile(exe) || !Files.isExecutable(exe)) {
                throw new IllegalStateException(configuredFrom + " names [" + configured
                        + "], which is not an executable file. Point it at a Chromium binary or unset it.");
            }
            return Optional.of(exe);
        }
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String name : NAMES_ON_PATH) {
            for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The browser for a test, or the test is skipped when there is none. When the {@value #REQUIRED_PROPERTY}
     * system property is {@code true} (CI), a missing browser fails the test instead.
     */
    static Path locateOrSkip() {
        Optional<Path> exe = locate();
        if (exe.isEmpty()) {
            String why = "No Chromium found: set -D" + EXECUTABLE_PROPERTY + "=/path/to/chromium or " + EXECUTABLE_ENV
                    + ", or put one of " + NAMES_ON_PATH + " on the PATH";
            if (Boolean.getBoolean(REQUIRED_PROPERTY)) {
                fail(why + ". The browser tests are required here (" + REQUIRED_PROPERTY + "=true).");
            }
            Assumptions.abort(why + "; skipping the browser tests (-D" + REQUIRED_PROPERTY + "=true fails instead).");
        }
        return exe.get();
    }

    /** Starts {@code executable} headless and connects to it, waiting at most {@link #DEFAULT_TIMEOUT} per step. */
    static HeadlessChromium start(Path executable) throws IOException {
        return start(executable, DEFAULT_TIMEOUT);
    }

    /**
     * Starts {@code executable} headless and connects to it; every later wait is bounded by {@code timeout}.
     *
     * @throws IllegalStateException when the browser exits or stays silent before it listens; the message holds
     *         its exit code or state and the tail of its output. The process is killed and the profile deleted.
     */
    static HeadlessChromium start(Path executable, Duration timeout) throws IOException {
        Path profile = Files.createTempDirectory("iothubkb-chromium-");
        List<String> cmd = new ArrayList<>();
        cmd.add(executable.toString());
        cmd.addAll(FLAGS);
        cmd.add("--user-data-dir=" + profile);
        cmd.add("about:blank");
        Process process;
        try {
            // Merged: the browser's stdout is rare and must not be lost, and one reader keeps both pipes drained.
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            deleteTree(profile);
            throw e;
        }
        HeadlessChromium browser = new HeadlessChromium(process, profile, timeout);
        try {
            browser.connect(cmd);
            return browser;
        } catch (RuntimeException | Error e) {
            browser.close();
            throw e;
        }
    }

    private void connect(List<String> cmd) {
        Thread reader = new Thread(this::readOutput, "chromium-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        process.onExit().thenRunAsync(() -> {
            // The exit can be seen before the last lines are read; those lines are the ones that explain it.
            try {
                outputEnded.get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Children may keep the pipe open after the browser died: report with what has been read.
            }
            connectionLost("Chromium (pid " + process.pid() + ") exited with code " + process.exitValue());
        });
        URI address = await(devToolsAddress, "the [" + LISTENING.strip() + "] line from " + cmd);
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        noteTree();
        socket = await(http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(address, new Listener()),
                "a WebSocket connection to " + address);
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                remember(line);
                int at = line.indexOf(LISTENING);
                if (at >= 0) {
                    devToolsAddress.complete(URI.create(line.substring(at + LISTENING.length()).strip()));
                }
            }
        } catch (IOException e) {
            remember("[harness] reading the browser output failed: " + e);
        }
        outputEnded.complete(null);
        devToolsAddress.completeExceptionally(new IllegalStateException("Chromium closed its output before printing ["
                + LISTENING.strip() + "]" + exitState() + "; output tail:\n" + outputTail()));
    }

    private void remember(String line) {
        synchronized (outputTail) {
            if (outputTail.size() == TAIL_LINES) {
                outputTail.removeFirst();
            }
            outputTail.addLast(line);
        }
    }

    /** The last lines the browser printed (stdout and stderr together), for failure messages. */
    String outputTail() {
        synchronized (outputTail) {
            return String.join("\n", outputTail);
        }
    }

    /** The browser's process id (the top of the process tree that {@link #close()} kills). */
    long pid() {
        return process.pid();
    }

    private String exitState() {
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                return " (exit code " + process.exitValue() + ")";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return " (process still running)";
    }

    /**
     * Notes the browser's processes while it lives: should it die first, its children are re-parented and no longer
     * listed as its descendants, yet {@link #close()} must still kill them.
     */
    private void noteTree() {
        tree.add(process.toHandle());
        process.descendants().forEach(tree::add);
    }

    /** Opens a new tab (a page target) with console, log, network and request interception switched on. */
    Page newPage() {
        String targetId = call(null, "Target.createTarget", params().put("url", "about:blank"))
                .path("targetId").asText();
        String sessionId = call(null, "Target.attachToTarget", params().put("targetId", targetId)
                .put("flatten", true)).path("sessionId").asText();
        Page page = new Page(targetId, sessionId);
        pagesBySession.put(sessionId, page);
        page.enable();
        noteTree();
        return page;
    }

    private ObjectNode params() {
        return json.createObjectNode();
    }

    /** Sends one CDP command; the future holds its {@code result}, or fails with the protocol's error. */
    private CompletableFuture<JsonNode> send(String sessionId, String method, ObjectNode params) {
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        String lost = lostReason;
        if (lost != null) {
            answer.completeExceptionally(new IllegalStateException(lost + "; output tail:\n" + outputTail()));
            return answer;
        }
        int id = nextId.incrementAndGet();
        ObjectNode message = json.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        pending.put(id, answer);
        if (lostReason != null) {
            // Lost between the check above and the put: connectionLost may have missed this answer.
            answer.completeExceptionally(new IllegalStateException(lostReason + "; output tail:\n" + outputTail()));
        }
        try {
            // The JDK WebSocket allows one outstanding send at a time.
            synchronized (this) {
                socket.sendText(json.writeValueAsString(message), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            pending.remove(id);
            answer.completeExceptionally(new IllegalStateException("Could not send [" + method + "] to Chromium: " + e
                    + "; output tail:\n" + outputTail(), e));
        }
        return answer.thenApply(reply -> {
            JsonNode error = reply.get("error");
            if (error != null) {
                throw new IllegalStateException("Chromium refused [" + method + "] with params " + params + ": "
                        + error.path("message").asText() + " (code " + error.path("code").asText() + ")");
            }
            return reply.path("result");
        });
    }

    private JsonNode call(String sessionId, String method, ObjectNode params) {
        return await(send(sessionId, method, params), "the answer to [" + method + "]");
    }

    private <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Waited " + timeout.toSeconds() + " s for " + what + " in vain; Chromium "
                    + (process.isAlive() ? "is still running" : "exited with code " + process.exitValue())
                    + "; output tail:\n" + outputTail(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re && cause.getMessage() != null
                    && cause.getMessage().contains("output tail")) {
                throw new IllegalStateException(re.getMessage() + "\n(while waiting for " + what + ")", re);
            }
            throw new IllegalStateException("Failed while waiting for " + what + ": " + cause + "; output tail:\n"
                    + outputTail(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + what, e);
        }
    }

    private void dispatch(String text) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (IOException e) {
            remember("[harness] unreadable DevTools message: " + e.getMessage());
            return;
        }
        if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
            if (answer != null) {
                answer.complete(message);
            }
            return;
        }
        Page page = pagesBySession.get(message.path("sessionId").asText(""));
        if (page != null) {
            page.onEvent(message.path("method").asText(), message.path("params"));
        }
    }

    private void connectionLost(String reason) {
        if (lostReason == null) {
            lostReason = reason;
        }
        IllegalStateException failure = new IllegalStateException(reason + "; output tail:\n" + outputTail());
        devToolsAddress.completeExceptionally(failure);
        pending.values().forEach(answer -> answer.completeExceptionally(failure));
        pending.clear();
        pagesBySession.values().forEach(page -> page.loadsByLoader.values()
                .forEach(load -> load.completeExceptionally(failure)));
    }

    /** Collects CDP text frames (large answers such as screenshots arrive in parts) and hands each message on. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder parts = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
                String message = parts.toString();
                parts.setLength(0);
                dispatch(message);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            remember("[harness] unexpected binary DevTools frame of " + data.remaining() + " bytes");
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            connectionLost("The DevTools connection closed (" + statusCode + " " + reason + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            connectionLost("The DevTools connection failed: " + error);
        }
    }

    /**
     * Closes the browser: asks it to quit, then kills every process of its tree that is left, then deletes the
     * profile. Safe to call more than once and after the browser died.
     */
    @Override
    public void close() {
        noteTree();
        if (socket != null && lostReason == null) {
            try {
                send(null, "Browser.close", params()).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // The kill below does the job; the browser's answer is not needed.
            }
        }
        if (socket != null) {
            socket.abort();
            try {
                // Time for the browser to quit on its own after Browser.close; a silent one is killed at once.
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                remember("[harness] process " + handle.pid() + " did not end after a kill: " + e);
            }
        }
        deleteTree(profile);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the Chromium profile [" + root + "]", e);
        }
    }

    /** Width and height of an image in pixels. */
    record Size(int width, int height) {
    }

    /**
     * One tab. It records, from the moment it opens: console errors and failed assertions, uncaught exceptions,
     * browser log entries of level error (failed loads among them), and every request that is not the loaded file
     * itself or a {@code data:}, {@code blob:} or {@code about:} URL. Those outside requests are recorded, then
     * failed at once (net::ERR_BLOCKED_BY_CLIENT), so nothing leaves the machine and no test waits for a network
     * timeout. WebSocket connections are recorded too, but not blocked. Requests of workers (other targets) are not
     * seen.
     */
    final class Page implements AutoCloseable {
        private final String targetId;
        private final String sessionId;
        private final List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final List<String> externalRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Map<String, CompletableFuture<Void>> loadsByLoader = new ConcurrentHashMap<>();
        private volatile String ownUrl = "about:blank";

        private Page(String targetId, String sessionId) {
            this.targetId = targetId;
            this.sessionId = sessionId;
        }

        private void enable() {
            for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
                call(sessionId, domain + ".enable", params());
            }
            // Lifecycle events name their navigation (loaderId), so a late event of an earlier load cannot pass.
            call(sessionId, "Page.setLifecycleEventsEnabled", params().put("enabled", true));
            ObjectNode fetch = params();
            fetch.putArray("patterns").addObject().put("urlPattern", "*");
            call(sessionId, "Fetch.enable", fetch);
        }

        /**
         * Opens {@code file} in this tab and waits for its load event.
         *
         * @throws IllegalStateException when the browser cannot open the file, or the load event does not come in time
         */
        void load(Path file) {
            String url = file.toAbsolutePath().toUri().toString();
            ownUrl = url;
            JsonNode navigated = call(sessionId, "Page.navigate", params().put("url", url));
            String error = navigated.path("errorText").asText("");
            if (!error.isEmpty()) {
                throw new IllegalStateException("Chromium could not open [" + file + "]: " + error);
            }
            await(loadOf(navigated.path("loaderId").asText()), "the load event of [" + file + "]");
            noteTree();
        }

        /** Console errors, uncaught exceptions and error log entries so far, one readable line each; never null. */
        List<String> problems() {
            settle();
            return List.copyOf(problems);
        }

        /** URLs the page requested outside itself so far, in order; never null. */
        List<String> externalRequests() {
            settle();
            return List.copyOf(externalRequests);
        }

        /**
         * Evaluates {@code expression} in the page (awaiting it if it is a promise) and returns its value as JSON:
         * numbers, strings, booleans, arrays and plain objects as such; {@code NaN}, {@code Infinity}, {@code -0}
         * and big integers as text; {@code undefined} as a missing node.
         *
         * @throws IllegalStateException when the expression throws
         */
        JsonNode evaluate(String expression) {
            JsonNode answer = call(sessionId, "Runtime.evaluate", params().put("expression", expression)
                    .put("returnByValue", true).put("awaitPromise", true));
            JsonNode thrown = answer.get("exceptionDetails");
            if (thrown != null) {
                throw new IllegalStateException("[" + expression + "] threw in the page: " + describe(thrown));
            }
            JsonNode result = answer.path("result");
            if (result.has("value")) {
                return result.get("value");
            }
            if (result.has("unserializableValue")) {
                return TextNode.valueOf(result.get("unserializableValue").asText());
            }
            return MissingNode.getInstance();
        }

        /**
         * Writes a PNG of the whole page, beyond the visible viewport, to {@code png}.
         *
         * @return the image's size in pixels, read back from the PNG header
         */
        Size screenshot(Path png) throws IOException {
            JsonNode content = call(sessionId, "Page.getLayoutMetrics", params()).path("cssContentSize");
            int width = (int) Math.ceil(content.path("width").asDouble());
            int height = (int) Math.ceil(content.path("height").asDouble());
            ObjectNode request = params().put("format", "png").put("captureBeyondViewport", true);
            request.putObject("clip").put("x", 0).put("y", 0).put("width", width).put("height", height)
                    .put("scale", 1);
            byte[] image = Base64.getDecoder().decode(call(sessionId, "Page.captureScreenshot", request)
                    .path("data").asText());
            if (image.length < 24 || !java.util.Arrays.equals(image, 0, 8, PNG_SIGNATURE, 0, 8)) {
                throw new IllegalStateException("Chromium's screenshot of [" + ownUrl + "] is not a PNG ("
                        + image.length + " bytes)");
            }
            Files.write(png, image);
            ByteBuffer header = ByteBuffer.wrap(image, 16, 8);
            return new Size(header.getInt(), header.getInt());
        }

        /** Closes the tab. */
        @Override
        public void close() {
            pagesBySession.remove(sessionId);
            if (lostReason == null) {
                call(null, "Target.closeTarget", params().put("targetId", targetId));
            }
        }

        private CompletableFuture<Void> loadOf(String loaderId) {
            return loadsByLoader.computeIfAbsent(loaderId, id -> new CompletableFuture<>());
        }

        /** A round trip through the page, so the events it sent before are in. */
        private void settle() {
            call(sessionId, "Runtime.evaluate", params().put("expression", "0"));
        }

        private void onEvent(String method, JsonNode params) {
            switch (method) {
                case "Page.lifecycleEvent" -> {
                    if (params.path("name").asText().equals("load")) {
                        loadOf(params.path("loaderId").asText()).complete(null);
                    }
                }
                case "Runtime.consoleAPICalled" -> {
                    String type = params.path("type").asText();
                    if (type.equals("error") || type.equals("assert")) {
                        List<String> args = new ArrayList<>();
                        params.path("args").forEach(arg -> args.add(show(arg)));
                        problems.add("console." + type + ": " + String.join(" ", args)
                                + where(params.path("stackTrace").path("callFrames").path(0)));
                    }
                }
                case "Runtime.exceptionThrown" -> {
                    // The browser's own summary ("Uncaught", "Uncaught (in promise)") tells the two kinds apart.
                    JsonNode details = params.path("exceptionDetails");
                    problems.add(details.path("text").asText("Uncaught") + " " + describe(details));
                }
                case "Log.entryAdded" -> {
                    JsonNode entry = params.path("entry");
                    if (entry.path("level").asText().equals("error")) {
                        String url = entry.path("url").asText("");
                        problems.add("browser log (" + entry.path("source").asText() + "): "
                                + entry.path("text").asText() + (url.isEmpty() ? "" : " [" + url + "]"));
                    }
                }
                case "Network.requestWillBeSent" -> {
                    String url = params.path("request").path("url").asText();
                    if (!isLocal(url)) {
                        externalRequests.add(url);
                    }
                }
                case "Network.webSocketCreated" -> {
                    // WebSockets bypass requestWillBeSent and the Fetch domain: recorded here, not blocked.
                    externalRequests.add(params.path("url").asText());
                }
                case "Fetch.requestPaused" -> {
                    // Answered without waiting: this runs on the WebSocket's listener thread, which delivers replies.
                    String url = params.path("request").path("url").asText();
                    ObjectNode answer = params().put("requestId", params.path("requestId").asText());
                    String command = "Fetch.continueRequest";
                    if (!isLocal(url)) {
                        answer.put("errorReason", "BlockedByClient");
                        command = "Fetch.failRequest";
                    }
                    String sent = command;
                    send(sessionId, command, answer).whenComplete((result, error) -> {
                        if (error != null) {
                            remember("[harness] " + sent + " for [" + url + "] failed: " + error.getMessage());
                        }
                    });
                }
                default -> {
                    // Other events of the enabled domains are not needed.
                }
            }
        }

        private boolean isLocal(String url) {
            int hash = url.indexOf('#');
            String bare = hash < 0 ? url : url.substring(0, hash);
            return bare.equals(ownUrl) || url.startsWith("data:") || url.startsWith("blob:")
                    || url.startsWith("about:");
        }
    }

    /** A console argument as a person would read it. */
    private static String show(JsonNode remoteObject) {
        JsonNode value = remoteObject.get("value");
        if (value != null) {
            return value.isTextual() ? value.asText() : value.toString();
        }
        for (String field : List.of("unserializableValue", "description")) {
            if (remoteObject.has(field)) {
                return remoteObject.get(field).asText();
            }
        }
        return remoteObject.path("type").asText();
    }

    /** An exception's message (with its stack, as the browser gives it) and where it was thrown. */
    private static String describe(JsonNode details) {
        JsonNode exception = details.path("exception");
        String text = exception.isMissingNode() ? details.path("text").asText() : show(exception);
        String url = details.path("url").asText("");
        return text + (url.isEmpty() ? "" : " [" + url + ":" + (details.path("lineNumber").asInt() + 1) + ":"
                + (details.path("columnNumber").asInt() + 1) + "]");
    }

    private static String where(JsonNode frame) {
        if (frame.isMissingNode()) {
            return "";
        }
        return " [" + frame.path("url").asText() + ":" + (frame.path("lineNumber").asInt() + 1) + ":"
                + (frame.path("columnNumber").asInt() + 1) + "]";
    }
}
