package com.jxc.returns.audit.integrity;

import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDecorator;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.util.Map;

/**
 * A message that hands the storage engine the very payload bytes that were hashed (instead of serialising the payload
 * a second time), with new metadata.
 */
final class PreSerializedMessage<T> extends MessageDecorator<T> {

    private final MetaData metaData;
    private final Serializer serializer;
    private final SerializedObject<byte[]> payload;

    PreSerializedMessage(Message<T> delegate, MetaData metaData, Serializer serializer,
                         SerializedObject<byte[]> payload) {
        super(delegate);
        this.metaData = metaData;
        this.serializer = serializer;
        this.payload = payload;
    }

    @Override
    public MetaData getMetaData() {
        return metaData;
    }

    @Override
    public <S> SerializedObject<S> serializePayload(Serializer serializer, Class<S> expectedRepresentation) {
        return serializer == this.serializer ? serializer.getConverter().convert(payload, expectedRepresentation)
                : super.serializePayload(serializer, expectedRepresentation);
    }

    @Override
    public <S> SerializedObject<S> serializeMetaData(Serializer serializer, Class<S> expectedRepresentation) {
        return serializer.serialize(metaData, expectedRepresentation);
    }

    @Override
    public Message<T> withMetaData(Map<String, ?> metaData) {
        return new PreSerializedMessage<>(getDelegate(), MetaData.from(metaData), serializer, payload);
    }

    @Override
    public Message<T> andMetaData(Map<String, ?> metaData) {
        return withMetaData(this.metaData.mergedWith(metaData));
    }
}
