package org.iothubkb.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Function;

import org.iothubkb.plugins.http.ServerConfig;

/**
 * Reads the bearer token of {@code serve --token-file}. The file must exist, be readable, hold the token on one
 * line (a final line break is fine), and, where the file system has POSIX permissions, not be readable by every
 * user of the machine: a token that anyone on the machine can read protects nothing. Group-readable is allowed,
 * for a service account that shares a group with the people who deploy it.
 *
 * <p>No message ever contains the token.
 */
final class TokenFiles {

    private TokenFiles() {
    }

    /**
     * The token in {@code file}.
     *
     * @param option  the option name for messages, e.g. {@code --token-file}
     * @param refusal turns a one-line reason into the exception to throw
     */
    static <E extends Exception> String read(Path file, String option, Function<String, E> refusal) throws E {
        String where = option + " [" + file + "]: ";
        if (!Files.exists(file)) {
            throw refusal.apply(where + "no such file: write the token into it (chmod 600) and try again");
        }
        if (!Files.isRegularFile(file)) {
            throw refusal.apply(where + "not a regular file");
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null) {
            Set<PosixFilePermission> perms;
            try {
                perms = posix.readAttributes().permissions();
            } catch (IOException e) {
                throw refusal.apply(where + "cannot read its permissions: " + Text.oneLine(String.valueOf(e)));
            }
            if (perms.contains(PosixFilePermission.OTHERS_READ)) {
                throw refusal.apply(where + "readable by every user of this machine ("
                        + PosixFilePermissions.toString(perms) + "): chmod o-r (or 600) it first");
            }
        }
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length > 4096) {
                throw refusal.apply(where + "over 4096 bytes: it should hold only the token");
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw refusal.apply(where + "not UTF-8 text");
        } catch (IOException e) {
            throw refusal.apply(where + "cannot read it: " + Text.oneLine(String.valueOf(e.getMessage())));
        }
        String token = text.strip();
        if (token.isEmpty()) {
            throw refusal.apply(where + "the file is empty: write the token into it");
        }
        if (token.contains("\n") || token.contains("\r")) {
            throw refusal.apply(where + "more than one line: the file should hold only the token");
        }
        try {
            ServerConfig.checkBearerToken(token);
        } catch (IllegalArgumentException e) {
            throw refusal.apply(where + e.getMessage());
        }
        return token;
    }
}
