package org.iothubkb.plugins.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Watches rule folders (and the folders below them) and calls back once a burst of changes has settled: an editor
 * saving a file, or a copy of several files, causes one reload, not one per file event.
 */
final class RuleWatcher implements Closeable {

    private final List<Path> folders;
    private final Duration debounce;
    private final Runnable onChange;
    private final PrintStream log;
    private WatchService watcher;
    private Thread thread;

    RuleWatcher(List<Path> folders, Duration debounce, Runnable onChange, PrintStream log) {
        this.folders = List.copyOf(folders);
        this.debounce = debounce;
        this.onChange = onChange;
        this.log = log;
    }

    /** Registers the folders and starts watching on a daemon thread. */
    void start() throws IOException {
        watcher = FileSystems.getDefault().newWatchService();
        for (Path folder : folders) {
            registerTree(folder);
        }
        thread = new Thread(this::watch, "iothub-kb-rule-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void registerTree(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
            }
        }
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                // Wait for the folders to go quiet, taking every event that arrives meanwhile.
                while (key != null) {
                    handle(key);
                    key = watcher.poll(debounce.toMillis(), TimeUnit.MILLISECONDS);
                }
                onChange.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClosedWatchServiceException e) {
            // closed: the server is stopping
        }
    }

    private void handle(WatchKey key) {
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && key.watchable() instanceof Path) {
                Path created = ((Path) key.watchable()).resolve((Path) event.context());
                if (Files.isDirectory(created)) {
                    try {
                        registerTree(created);
                    } catch (IOException e) {
                        log.println("iothub-kb: cannot watch [" + created + "] for rule changes: " + e.getMessage());
                    }
                }
            }
        }
        key.reset();
    }

    @Override
    public void close() throws IOException {
        if (watcher != null) {
            watcher.close();
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
