package org.iothubkb.plugins.http;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Calls back on SIGHUP, the usual "reload your configuration" signal, where the JVM lets a program handle it.
 *
 * <p>{@code sun.misc.Signal} is in the {@code jdk.unsupported} module: it exists on the usual JDKs but is not
 * part of the Java SE API, so it is reached by reflection and its absence (or a JVM run with {@code -Xrs}, or an
 * OS without SIGHUP) only means there is no SIGHUP reload.
 */
final class Sighup {

    private Sighup() {
    }

    /**
     * Installs {@code onSignal} as the SIGHUP handler, replacing the JVM's default (which shuts it down).
     *
     * @return whether it could be installed
     */
    static boolean install(Runnable onSignal) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object hup = signalClass.getConstructor(String.class).newInstance("HUP");
            InvocationHandler calls = (Object proxy, Method m, Object[] args) -> {
                switch (m.getName()) {
                    case "handle":
                        onSignal.run();
                        return null;
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == args[0];
                    default:
                        return "iothub-kb SIGHUP handler";
                }
            };
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
                    calls);
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, hup, handler);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }
}
