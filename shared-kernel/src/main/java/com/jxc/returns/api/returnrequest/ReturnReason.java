package com.jxc.returns.api.returnrequest;

/** Why the customer returns goods (退货原因). */
public enum ReturnReason {
    /** 质量问题 */
    QUALITY_DEFECT,
    /** 客户不满意 / 与描述不符 */
    DISSATISFIED,
    /** 错误发货 */
    WRONG_ITEM,
    /** 运输损坏 */
    TRANSIT_DAMAGE,
    /** 其他 */
    OTHER
}
