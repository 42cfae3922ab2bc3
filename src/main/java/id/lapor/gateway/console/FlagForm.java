package id.lapor.gateway.console;

/**
 * What an admin typed into the flag form (Tandai unggahan); kept as typed so a form with errors comes
 * back filled in. {@code postedAt} is an HTML {@code datetime-local} value ({@code 2026-11-30T08:15}) in
 * the gateway's zone.
 */
public class FlagForm {
    private String postUrl;
    private String platform;
    private String authorHandle;
    private String authorName;
    private String postedAt;
    private String text;
    private String location;
    private String note;
    private String category;
    private String opd;
    private boolean anonymous;
    private boolean confidential;

    public String getPostUrl() { return postUrl; }
    public void setPostUrl(String v) { postUrl = v; }
    public String getPlatform() { return platform; }
    public void setPlatform(String v) { platform = v; }
    public String getAuthorHandle() { return authorHandle; }
    public void setAuthorHandle(String v) { authorHandle = v; }
    public String getAuthorName() { return authorName; }
    public void setAuthorName(String v) { authorName = v; }
    public String getPostedAt() { return postedAt; }
    public void setPostedAt(String v) { postedAt = v; }
    public String getText() { return text; }
    public void setText(String v) { text = v; }
    public String getLocation() { return location; }
    public void setLocation(String v) { location = v; }
    public String getNote() { return note; }
    public void setNote(String v) { note = v; }
    public String getCategory() { return category; }
    public void setCategory(String v) { category = v; }
    public String getOpd() { return opd; }
    public void setOpd(String v) { opd = v; }
    public boolean isAnonymous() { return anonymous; }
    public void setAnonymous(boolean v) { anonymous = v; }
    public boolean isConfidential() { return confidential; }
    public void setConfidential(boolean v) { confidential = v; }
}
