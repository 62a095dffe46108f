package io.wsaudit.e2e.nginx;

import java.nio.file.Path;

/** Where a model's nginx listens and keeps its files, and which generation it renders. */
public record ModelRuntime(Path dir, int httpPort, boolean runAsRoot, long generation) {}
