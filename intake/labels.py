"""Chinese labels for reviewers: page types, missing-item reasons, findings."""

DOC_TYPE_LABELS = {
    "application_form": "基本情况表（附件1）",
    "financial_statement": "财务报表",
    "audit_report": "审计报告",
    "business_licence": "营业执照",
    "patent_certificate": "专利证书",
    "high_tech_certificate": "高新技术企业证书",
    "honor_certificate": "荣誉证书",
    "cloud_platform_proof": "上云上平台凭据",
    "rd_expense_proof": "研发投入凭证",
    "photo": "照片",
    "company_profile": "企业简介",
    "commitment_letter": "真实性承诺（附件2）",
    "blank": "空白页",
    "other": "其他",
}

REASON_LABELS = {
    "missing": "缺失",
    "unstamped": "未盖章",
    "illegible": "字迹或印章不清晰",
    "expired": "已过期",
    "unsigned": "未签字",
    "too_short": "篇幅不足",
}

SEVERITY_LABELS = {"info": "提示", "warning": "警告", "error": "错误"}


def doc_label(doc_type: str) -> str:
    return DOC_TYPE_LABELS.get(doc_type, doc_type)

LEGIBILITY_LABELS = {
    "blur": "模糊",
    "low_contrast": "对比度低",
    "low_resolution": "分辨率低",
    "overexposed": "过曝",
    "underexposed": "过暗",
    "low_ocr_confidence": "识别置信度低",
    "little_text": "可识别文字过少",
    "cut_off": "边缘截断",
    "noise": "噪点过多",
    "processing_error": "处理出错",
}
