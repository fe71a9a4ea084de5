package com.jxc.returns.projection.policy;

import com.jxc.returns.api.query.PolicyVersionView;
import com.jxc.returns.api.returnpolicy.ReturnPolicyDefined;
import com.jxc.returns.projection.support.DocumentMapper;
import com.jxc.returns.projection.support.ReadModels;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.bson.Document;
import org.springframework.stereotype.Component;

/** Every version of the return policy, one document each, keyed by version number. */
@Component
@ProcessingGroup(ReadModels.POLICY_VERSIONS)
class PolicyVersionProjection {

    private final MongoCollection<Document> versions;

    PolicyVersionProjection(MongoDatabase database) {
        this.versions = database.getCollection(PolicyVersionRepository.COLLECTION);
    }

    @EventHandler
    void on(ReturnPolicyDefined event) {
        var view = new PolicyVersionView(event.version(), event.terms(), event.definedBy().value(),
                event.definedAt());
        String id = Integer.toString(event.version());
        var document = DocumentMapper.toDocument(id, view);
        versions.replaceOne(Filters.eq("_id", id), document, new ReplaceOptions().upsert(true));
    }

    @ResetHandler
    void reset() {
        versions.drop();
    }
}
