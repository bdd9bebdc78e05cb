package org.iothubkb.core.api;

/**
 * Two plugins of the same kind claim the same id, so neither can be chosen by it: the run stops and the message
 * names both classes and their jars.
 *
 * @since 0.2
 */
public class PluginConflictException extends KbException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the message names both plugins. */
    public PluginConflictException(String message) {
        super(message);
    }
}
