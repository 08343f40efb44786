# Every object a Get- cmdlet returned, converted, as a list (empty when none).
function ConvertTo-TopocList($Objects) {
    return ,@($Objects | Where-Object { $null -ne $_ } | ForEach-Object { ConvertTo-TopocValue $_ 0 })
}

$snapshot = [ordered]@{
    format = 'topoc-snapshot'
    version = '1'
    collected = [DateTime]::UtcNow.ToString('o')
    topology = [string](Get-CsTopology -AsXml)
    PstnUsages = ConvertTo-TopocList (Get-CsPstnUsage)
    TrunkConfigurations = ConvertTo-TopocList (Get-CsTrunkConfiguration)
    Trunks = ConvertTo-TopocList (Get-CsTrunk)
    PstnGateways = ConvertTo-TopocList (Get-CsService -PstnGateway)
    VoiceRoutes = ConvertTo-TopocList (Get-CsVoiceRoute)
    VoicePolicies = ConvertTo-TopocList (Get-CsVoicePolicy)
    DialPlans = ConvertTo-TopocList (Get-CsDialPlan)
    UnassignedNumbers = ConvertTo-TopocList (Get-CsUnassignedNumber)
    Announcements = ConvertTo-TopocList (Get-CsAnnouncement)
    MediaConfigurations = ConvertTo-TopocList (Get-CsMediaConfiguration)
    NetworkConfiguration = ConvertTo-TopocList (Get-CsNetworkConfiguration)
    NetworkRegions = ConvertTo-TopocList (Get-CsNetworkRegion)
    NetworkSites = ConvertTo-TopocList (Get-CsNetworkSite)
    NetworkSubnets = ConvertTo-TopocList (Get-CsNetworkSubnet)
    BandwidthPolicyProfiles = ConvertTo-TopocList (Get-CsNetworkBandwidthPolicyProfile)
    RegionLinks = ConvertTo-TopocList (Get-CsNetworkRegionLink)
    InterRegionRoutes = ConvertTo-TopocList (Get-CsNetworkInterRegionRoute)
    InterSitePolicies = ConvertTo-TopocList (Get-CsNetworkInterSitePolicy)
    Sites = ConvertTo-TopocList (Get-CsSite)
}

$snapshot | ConvertTo-Json -Depth 12 | Out-File -FilePath $Path -Encoding utf8
Write-Host "topoc snapshot written to $Path"
