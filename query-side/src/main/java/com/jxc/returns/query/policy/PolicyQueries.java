package com.jxc.returns.query.policy;

import com.jxc.returns.api.query.FindPolicyVersionsQuery;
import com.jxc.returns.api.query.PolicyVersionView;
import com.jxc.returns.api.query.PolicyVersions;
import com.jxc.returns.projection.policy.PolicyVersionRepository;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;

@Component
class PolicyQueryHandler {

    private final PolicyVersionRepository versions;

    PolicyQueryHandler(PolicyVersionRepository versions) {
        this.versions = versions;
    }

    @QueryHandler
    PolicyVersions handle(FindPolicyVersionsQuery query) {
        List<PolicyVersionView> all = versions.newestFirst();
        return new PolicyVersions(query.latestOnly() ? all.stream().limit(1).toList() : all);
    }
}

/** The policy in force and its history; defining a new version is a command (PUT on the same path). */
@RestController
class PolicyController {

    private final QueryGateway queries;

    PolicyController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/return-policy")
    PolicyVersionView current() {
        return fetch(true).versions().stream().findFirst().orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "No return policy has been defined yet."));
    }

    @GetMapping("/api/return-policy/versions")
    PolicyVersions versions() {
        return fetch(false);
    }

    private PolicyVersions fetch(boolean latestOnly) {
        return queries.query(new FindPolicyVersionsQuery(latestOnly), ResponseTypes.instanceOf(PolicyVersions.class))
                .join();
    }
}
