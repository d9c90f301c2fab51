package io.zero429.limit;

/** Lets the store's tests reach {@link RemoteSharing}'s package-private parts. */
public final class RemoteSharingAccess {
    private RemoteSharingAccess() {
    }

    public static LimiterSpec shareOf(LimiterSpec spec, long ppm) {
        return RemoteSharing.shareOf(spec, ppm);
    }
}
