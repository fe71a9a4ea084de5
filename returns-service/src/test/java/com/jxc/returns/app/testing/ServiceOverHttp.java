package com.jxc.returns.app.testing;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * The base of a {@link ServiceTest} class that talks to the service over HTTP: the one client, for the server's
 * port, and the lifecycle steps over it.
 */
public abstract class ServiceOverHttp {

    @Autowired
    protected ServiceHttp http;
    @Autowired
    protected LifecycleDriver lifecycle;
}
